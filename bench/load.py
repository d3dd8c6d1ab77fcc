"""Load test of the production server with wrk, against a trivial view measured in the same run.

    .venv/bin/python bench/load.py [--duration 10] [--connections 64] [--workers 2]

It uses its own PostgreSQL database (``guarantees_loadbench`` by default; ``createdb`` it first)
and Redis database 15 as the cache; it migrates, fills the database with the synthetic data set
(10,000 commitments, 50,000 statements) if it holds fewer, collects static files, and starts
gunicorn (deploy/gunicorn.conf.py, ``--workers`` workers) on loopback. Then, for each target in
turn, it warms the cache with one request per address and runs wrk for ``--duration`` seconds
with ``--connections`` connections; a target with several addresses (detail pages, searches)
cycles through them. The trivial view, ``/healthz`` (the whole middleware stack, no database,
no cache), is measured first and last.

It prints requests per second, p50 and p99 latency, errors (connection, read, write, timeouts,
statuses other than 2xx/3xx) and the throughput as a fraction of the trivial view's. Targets: no
errors or timeouts; cached pages at least 0.5 of the trivial view.
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


def run_wrk(wrk, server, paths, args) -> dict:
    lua = WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = [
            wrk,
            f"--threads={args.threads}",
            f"--connections={args.connections}",
            f"--duration={args.duration}s",
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
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's timeout, seconds")
    args = parser.parse_args()

    wrk = ensure_wrk()
    env = environment(args.database_url, args.cache_url, args.port, args.workers)
    prepare(env)
    data = ensure_data(env)
    targets = [
        ("trivial view /healthz", ["/healthz"]),
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
        ("trivial view /healthz (again)", ["/healthz"]),
    ]
    print(
        f"Data set: {data['commitments']:,} commitments, {data['statements']:,} statements. "
        f"gunicorn {args.workers} sync workers on 127.0.0.1:{args.port}; wrk {args.threads} "
        f"threads, {args.connections} connections, {args.duration} s per target; "
        f"cache {args.cache_url}. Load average before: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores.\n",
        flush=True,
    )
    header = (
        f"{'target':38} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'× trivial':>9}"
    )
    rows = []
    with Server(env, args.port) as server:
        print(header)
        print("-" * len(header), flush=True)
        trivial = None
        for name, paths in targets:
            warm(server, paths)
            figures = run_wrk(wrk, server, paths, args)
            if trivial is None:
                trivial = figures["rps"]
            ratio = figures["rps"] / trivial
            rows.append((name, figures, ratio))
            print(
                f"{name:38} {figures['rps']:8.0f} {figures['p50_us'] / 1000:8.1f} "
                f"{figures['p99_us'] / 1000:8.1f} {figures['errors']:7d} {ratio:9.2f}",
                flush=True,
            )
    errors = sum(f["errors"] for _, f, _ in rows)
    slowest = min(ratio for name, _, ratio in rows if "trivial" not in name)
    print(
        f"\nErrors and timeouts: {errors} (target 0). Slowest cached target: {slowest:.2f} of "
        f"the trivial view's throughput (target at least 0.50)."
    )
    return 0 if errors == 0 and slowest >= 0.5 else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
