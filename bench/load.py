"""Load test of the production server with wrk, against a trivial view measured in the same run.

    .venv/bin/python bench/load.py [--duration 12] [--rounds 6] [--connections 64] [--workers 2]
    .venv/bin/python bench/load.py --curating [--duration 30] [--rounds 3] [--connections 16]

It uses its own PostgreSQL database (``guarantees_loadbench`` by default; ``createdb`` it first)
and Redis database 15 as the cache; it migrates, fills the database with the synthetic data set
(10,000 commitments, 50,000 statements) if it holds fewer, collects static files, and starts
gunicorn (deploy/gunicorn.conf.py, ``--workers`` workers) on loopback behind a simulated TLS
proxy. Then, for each target in turn, it warms the cache with one request per address and runs
wrk with ``--connections`` connections for ``--duration`` seconds, in ``--rounds`` slices, each
right after a slice of the same length on the trivial view, ``/healthz`` (the whole middleware
stack, no database, no cache): the machine may be busy with other work, and alternating compares
the two under the same conditions. A target with several addresses (detail pages, searches)
cycles through them.

It prints, per target, requests per second, p50 and p99 latency, errors (connection, read, write,
timeouts, statuses other than 2xx/3xx), the trivial view's requests per second in the slices
beside it, and the ratio. Targets: no errors or timeouts; cached pages at least 0.5 of the
trivial view.

``--curating`` measures instead one mix of every target's addresses, in ``--rounds`` pairs of
slices: one while nobody writes, one while a writer process saves one record (a published
commitment or statement, picked at random, through ``save()`` as the admin does, with its
history) every ``--write-every`` seconds. Targets: throughput with writes at least 0.7 of the
quiet slices', p99 at most 3 times theirs.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

sys.path[0] = str(Path(__file__).resolve().parent)

from production_server import (  # noqa: E402
    DEFAULT_CACHE_URL,
    DEFAULT_DATABASE_URL,
    PROXY_HEADERS,
    PYTHON,
    ROOT,
    Server,
    environment,
    manage,
    prepare,
)

COMMITMENTS, STATEMENTS = 10_000, 50_000
DETAIL_PAGES = 40  # addresses per detail target, each warmed before the run
SEARCHES = ["ceasefire", "air defence", "troops", "guarantee", "training"]

WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""

# What the data set holds, as JSON: addresses of detail pages to cycle through.
ADDRESSES = """
import json
from tiers.models import Actor, Commitment, Statement
n = %d
print(json.dumps({
    "commitments": Commitment.objects.count(),
    "statements": Statement.objects.count(),
    "commitment": [c.get_absolute_url() for c in Commitment.objects.public().order_by("?")[:n]],
    "statement": [s.get_absolute_url() for s in Statement.objects.public().order_by("?")[:n]],
    "actor": [a.get_absolute_url() for a in Actor.objects.published().order_by("?")[:n]],
}))
"""


# Saves one published record every INTERVAL seconds from "go" on stdin until "stop", then
# prints how many it saved. A change to a text that only the record's own page shows, toggled so
# that the data set stays as it was.
WRITER = """
import random, sys, threading, time
from tiers.models import Commitment, Statement
MARK = " (revised)"
rng = random.Random(7)
ids = {
    Commitment: list(Commitment.objects.public().values_list("pk", flat=True)),
    Statement: list(Statement.objects.public().values_list("pk", flat=True)),
}
FIELD = {Commitment: "description", Statement: "occasion"}
print("ready", flush=True)
sys.stdin.readline()
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
saved, n = 0, 0
while not stop.wait(%(interval)f if saved else 0):
    model = (Commitment, Statement)[n %% 2]
    n += 1
    record = model.objects.get(pk=rng.choice(ids[model]))
    value = getattr(record, FIELD[model])
    setattr(record, FIELD[model], value[: -len(MARK)] if value.endswith(MARK) else value + MARK)
    record.save()
    saved += 1
print("saved", saved, flush=True)
"""


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print("wrk is not installed; installing the Debian package", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def addresses(env) -> dict:
    output = manage(env, "shell", "--no-imports", "-c", ADDRESSES % DETAIL_PAGES)
    return json.loads(output.strip().splitlines()[-1])


def ensure_data(env) -> dict:
    data = addresses(env)
    if data["commitments"] < COMMITMENTS or data["statements"] < STATEMENTS:
        print("Generating the synthetic data set (about a minute)…", flush=True)
        manage(
            env,
            "generate_synthetic",
            "--commitments",
            str(COMMITMENTS),
            "--statements",
            str(STATEMENTS),
            "--replace",
        )
        data = addresses(env)
    return data


def warm(server: Server, paths: list[str]) -> None:
    for path in paths:
        request = urllib.request.Request(server.url(path), headers=PROXY_HEADERS)  # noqa: S310
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            response.read()


def run_wrk(wrk, server, paths, args, seconds) -> dict:
    lua = WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = [
            wrk,
            f"--threads={args.threads}",
            f"--connections={args.connections}",
            f"--duration={seconds}s",
            f"--timeout={args.timeout}s",
            "--script",
            script.name,
        ]
        for name, value in PROXY_HEADERS.items():
            command += ["--header", f"{name}: {value}"]
        result = subprocess.run(
            [*command, server.url("/")], capture_output=True, text=True, check=True
        )
    finally:
        os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line.removeprefix("RESULT "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(
        figures[kind] for kind in ("connect", "read", "write", "status", "timeout")
    )
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--cache-url", default=DEFAULT_CACHE_URL)
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=12, help="seconds per target")
    parser.add_argument("--rounds", type=int, default=6, help="slices per target")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's timeout, seconds")
    parser.add_argument(
        "--curating", action="store_true", help="the mix of targets, quiet and while writing"
    )
    parser.add_argument("--write-every", type=float, default=2.0, help="seconds between saves")
    args = parser.parse_args()
    args.slice = max(1, args.duration // args.rounds)

    wrk = ensure_wrk()
    env = environment(args.database_url, args.cache_url, args.port, args.workers)
    prepare(env)
    data = ensure_data(env)
    targets = [
        ("home", ["/en/"]),
        ("commitment list", ["/en/commitments/"]),
        ("commitment list, filtered", ["/en/commitments/?category=troops&sort=title"]),
        ("actor list", ["/en/actors/"]),
        ("statement list", ["/en/statements/"]),
        ("timeline", ["/en/timeline/"]),
        (f"commitment pages ({len(data['commitment'])})", data["commitment"]),
        (f"statement pages ({len(data['statement'])})", data["statement"]),
        (f"actor pages ({len(data['actor'])})", data["actor"]),
        (
            f"search ({len(SEARCHES)} queries)",
            [f"/en/statements/?q={quote_plus(q)}" for q in SEARCHES],
        ),
        ("API commitments", ["/api/v1/commitments/"]),
    ]
    print(
        f"Data set: {data['commitments']:,} commitments, {data['statements']:,} statements. "
        f"gunicorn {args.workers} sync workers on 127.0.0.1:{args.port}; wrk {args.threads} "
        f"threads, {args.connections} connections; each target {args.rounds} × "
        f"{args.slice} s, each slice after {args.slice} s of the trivial view; "
        f"cache {args.cache_url}. Load average before: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores.\n",
        flush=True,
    )
    header = (
        f"{'target':34} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'trivial req/s':>13} {'ratio':>6}"
    )
    if args.curating:
        return curating(wrk, env, args, [path for _name, paths in targets for path in paths])
    rows = []
    with Server(env, args.port) as server:
        print(header)
        print("-" * len(header), flush=True)
        for name, paths in targets:
            warm(server, paths)
            target, trivial = measure_against_trivial(wrk, server, paths, args)
            ratio = target["rps"] / trivial["rps"]
            rows.append((name, target, trivial, ratio))
            print(
                f"{name:34} {target['rps']:7.0f} {target['p50_us'] / 1000:7.1f} "
                f"{target['p99_us'] / 1000:7.1f} {target['errors']:6d} "
                f"{trivial['rps']:13.0f} {ratio:6.2f}",
                flush=True,
            )
    errors = sum(target["errors"] + trivial["errors"] for _, target, trivial, _ in rows)
    slowest = min(ratio for *_, ratio in rows)
    print(
        f"\nErrors and timeouts: {errors}, the trivial view's included (target 0). Slowest "
        f"target: {slowest:.2f} of the trivial view's throughput (target at least 0.50)."
    )
    return 0 if errors == 0 and slowest >= 0.5 else 1


def measure_against_trivial(wrk, server, paths, args) -> tuple[dict, dict]:
    """The target and the trivial view in alternating slices, so that both see the same machine.

    Other work on the machine changes throughput from one second to the next; slices of
    ``--duration / --rounds`` seconds, target and trivial view in turn, compare like with like.
    """
    slices = {"target": [], "trivial": []}
    for _ in range(args.rounds):
        slices["trivial"].append(run_wrk(wrk, server, ["/healthz"], args, args.slice))
        slices["target"].append(run_wrk(wrk, server, paths, args, args.slice))
    return combine(slices["target"]), combine(slices["trivial"])


def curating(wrk, env, args, paths) -> int:
    """The mix of every target's addresses, quiet and while a writer saves records, in turns."""
    print(
        f"Mix of {len(paths)} addresses; {args.rounds} pairs of {args.duration} s slices, "
        f"{args.connections} connections; one save every {args.write_every} s in the second of "
        "each pair.\n",
        flush=True,
    )
    slices = {"quiet": [], "writing": []}
    saved = 0
    with Server(env, args.port) as server:
        warm(server, paths)
        for _ in range(args.rounds):
            slices["quiet"].append(run_wrk(wrk, server, paths, args, args.duration))
            writer = subprocess.Popen(
                [PYTHON, "manage.py", "shell", "--no-imports", "-c"]
                + [WRITER % {"interval": args.write_every}],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                if writer.stdout.readline().strip() != "ready":
                    sys.exit("the writer did not start")
                writer.stdin.write("go\n")
                writer.stdin.flush()
                slices["writing"].append(run_wrk(wrk, server, paths, args, args.duration))
                writer.stdin.write("stop\n")
                writer.stdin.flush()
                saved += int(writer.stdout.readline().split()[1])
            finally:
                writer.stdin.close()
                writer.wait(timeout=60)
    print(f"{'slices':10} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for name, runs in slices.items():
        for run in runs:
            print(
                f"{name:10} {run['rps']:7.0f} {run['p50_us'] / 1000:7.1f} "
                f"{run['p99_us'] / 1000:7.1f} {run['errors']:6d}"
            )
    quiet, writing = combine(slices["quiet"]), combine(slices["writing"])
    throughput = writing["rps"] / quiet["rps"]
    p99 = writing["p99_us"] / quiet["p99_us"]
    print(
        f"\nquiet:   {quiet['rps']:.0f} req/s, p50 {quiet['p50_us'] / 1000:.1f} ms, p99 "
        f"{quiet['p99_us'] / 1000:.1f} ms\nwriting: {writing['rps']:.0f} req/s, p50 "
        f"{writing['p50_us'] / 1000:.1f} ms, p99 {writing['p99_us'] / 1000:.1f} ms "
        f"({saved} records saved)\nthroughput {throughput:.2f} of quiet (target at least 0.70), "
        f"p99 {p99:.2f} times quiet (target at most 3)."
    )
    errors = quiet["errors"] + writing["errors"]
    return 0 if errors == 0 and throughput >= 0.7 and p99 <= 3 else 1


def combine(runs: list[dict]) -> dict:
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["duration_us"] for run in runs) / 1e6
    return {
        "rps": requests / seconds,
        "p50_us": sorted(run["p50_us"] for run in runs)[len(runs) // 2],
        "p99_us": max(run["p99_us"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
