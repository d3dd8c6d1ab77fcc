"""all.zip at a large size, downloaded several times at once while readers use the API.

    .venv/bin/python bench/downloads_under_load.py [--commitments 100000] [--statements 500000]
        [--downloads 4] [--readers 4] [--workers 2]

It uses its own PostgreSQL database (``guarantees_downloadbench`` by default, created here if it
is missing) and Redis database 14 as the cache (the content version lives there, shared by the
build and the server). It migrates, fills the database with the synthetic data set if it holds
fewer records than asked (``manage.py generate_synthetic``), builds the downloads
(``manage.py build_downloads``, timed) and starts gunicorn (deploy/gunicorn.conf.py, its 30 s
timeout) on loopback behind a simulated TLS proxy. Then ``--readers`` threads request API list
and detail pages without pause while ``--downloads`` threads download ``/downloads/all.zip`` at
once (``--rounds`` times each, in turn), and the readers stop when the downloads are done
(``--max-seconds`` at most).

Every download must arrive whole: as many bytes as ``Content-Length``, the SHA-256 the
``Repr-Digest`` header and the downloads page give, and a ZIP whose every entry passes its CRC
check (``zipfile.testzip``). It prints each download's size, time and checks, the API requests
served meanwhile with their errors and p50/p99 latency, and exits 1 on any failure.
"""

import argparse
import base64
import hashlib
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent)

from production_server import PROXY_HEADERS, Server, environment, manage, prepare  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guarantees_downloadbench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/14"
CHUNK = 1024 * 1024
COUNTS = """
from tiers.models import Commitment, Statement
print(Commitment.objects.count(), Statement.objects.count())
"""
API_PATHS = """
import json
from tiers.models import Actor, Commitment, Statement
print(json.dumps({
    "commitments": list(Commitment.objects.public().order_by("pk")
                        .values_list("slug", flat=True)[:200]),
    "statements": list(Statement.objects.public().order_by("pk")
                       .values_list("slug", flat=True)[:200]),
}))
"""


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def ensure_data(env, commitments: int, statements: int) -> tuple[int, int]:
    have = tuple(int(n) for n in manage(env, "shell", "-c", COUNTS).split()[-2:])
    if have[0] < commitments or have[1] < statements:
        print(f"Generating {commitments:,} commitments and {statements:,} statements…", flush=True)
        started = time.monotonic()
        manage(
            env,
            "generate_synthetic",
            "--commitments",
            str(commitments),
            "--statements",
            str(statements),
            "--replace",
        )
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
        have = tuple(int(n) for n in manage(env, "shell", "-c", COUNTS).split()[-2:])
    return have


def request(server, path, timeout=60):
    address = urllib.request.Request(server.url(path), headers=PROXY_HEADERS)  # noqa: S310
    return urllib.request.urlopen(address, timeout=timeout)  # noqa: S310 (loopback only)


def api_reader(server, paths, stop, results):
    n = 0
    while not stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            with request(server, path, timeout=30) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        results.append((ok, time.perf_counter() - started))


def download(server, folder, number) -> dict:
    """Download all.zip to a file, hashing it as it comes; check it afterwards."""
    target = Path(folder) / f"all-{number}.zip"
    digest, received, started = hashlib.sha256(), 0, time.perf_counter()
    outcome = {"number": number, "problems": []}
    try:
        with (
            request(server, "/downloads/all.zip", timeout=120) as response,
            target.open("wb") as out,
        ):
            outcome["status"] = response.status
            outcome["length"] = int(response.headers.get("Content-Length", -1))
            outcome["repr_digest"] = response.headers.get("Repr-Digest", "")
            while chunk := response.read(CHUNK):
                digest.update(chunk)
                received += len(chunk)
                out.write(chunk)
    except (urllib.error.URLError, OSError) as error:
        outcome["problems"].append(f"transfer failed: {error}")
    outcome.update(
        received=received, sha256=digest.hexdigest(), seconds=time.perf_counter() - started
    )
    outcome["path"] = target
    return outcome


def check(outcome, page_checksum) -> list[str]:
    problems = list(outcome["problems"])
    if outcome.get("status") != 200:
        problems.append(f"status {outcome.get('status')}")
    if outcome.get("length") != outcome["received"]:
        problems.append(f"Content-Length {outcome.get('length')}, received {outcome['received']}")
    header = base64.b64encode(bytes.fromhex(outcome["sha256"])).decode()
    if outcome.get("repr_digest") != f"sha-256=:{header}:":
        problems.append(f"Repr-Digest {outcome.get('repr_digest')!r} does not match the bytes")
    if outcome["sha256"] != page_checksum:
        problems.append("the SHA-256 differs from the one on the downloads page")
    try:
        with zipfile.ZipFile(outcome["path"]) as archive:
            bad = archive.testzip()
            if bad is not None:
                problems.append(f"entry {bad} fails its CRC check")
    except zipfile.BadZipFile as error:
        problems.append(f"not a ZIP file: {error}")
    return problems


def page_checksum(server) -> str:
    """all.zip's SHA-256 as the downloads page lists it."""
    with request(server, "/en/downloads/") as response:
        page = response.read().decode()
    row = page[page.index("<code>all.zip</code>") :]
    return row[row.index('class="checksum">') + len('class="checksum">') :][:64]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--cache-url", default=DEFAULT_CACHE_URL)
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=500_000)
    parser.add_argument("--downloads", type=int, default=4, help="concurrent all.zip downloads")
    parser.add_argument("--readers", type=int, default=4, help="concurrent API readers")
    parser.add_argument("--rounds", type=int, default=3, help="downloads by each thread, in turn")
    parser.add_argument("--max-seconds", type=int, default=600, help="the readers stop by then")
    args = parser.parse_args()

    ensure_database(args.database_url)
    env = environment(args.database_url, args.cache_url, args.port, args.workers)
    prepare(env)
    commitments, statements = ensure_data(env, args.commitments, args.statements)
    started = time.monotonic()
    built = manage(env, "build_downloads")
    build_seconds = time.monotonic() - started
    zip_line = next(line for line in built.splitlines() if line.startswith("all.zip"))
    print(
        f"Data set: {commitments:,} commitments, {statements:,} statements. Downloads "
        + ("built already" if "built already" in built else f"built in {build_seconds:.0f} s")
        + f"; {zip_line.split()[0]} {' '.join(zip_line.split()[1:3])}.\n"
        f"gunicorn {args.workers} sync workers on 127.0.0.1:{args.port}; {args.readers} API "
        f"readers; {args.downloads} concurrent downloads.",
        flush=True,
    )
    paths = json.loads(manage(env, "shell", "-c", API_PATHS).strip().splitlines()[-1])
    api = [f"/api/v1/commitments/?page={n}" for n in range(1, 21)]
    api += [f"/api/v1/statements/?page={n}" for n in range(1, 21)]
    api += [f"/api/v1/commitments/{slug}/" for slug in paths["commitments"]]
    api += [f"/api/v1/statements/{slug}/" for slug in paths["statements"]]

    failures = 0
    with Server(env, args.port) as server, tempfile.TemporaryDirectory() as folder:
        checksum = page_checksum(server)
        stop, api_results, outcomes = threading.Event(), [], []
        readers = [
            threading.Thread(target=api_reader, args=(server, api, stop, api_results))
            for _ in range(args.readers)
        ]
        for thread in readers:
            thread.start()
        time.sleep(2)  # the readers are at full speed

        def downloader(first):
            for number in range(first, first + args.rounds):
                outcome = download(server, folder, number)
                outcome["problems"] = check(outcome, checksum)
                outcome["path"].unlink(missing_ok=True)  # checked: keep the disk free
                outcomes.append(outcome)

        downloaders = [
            threading.Thread(target=downloader, args=(1 + n * args.rounds,))
            for n in range(args.downloads)
        ]
        load_started = time.monotonic()
        for thread in downloaders:
            thread.start()
        for thread in downloaders:
            thread.join(timeout=max(1, args.max_seconds - (time.monotonic() - load_started)))
        stop.set()
        for thread in readers:
            thread.join()
        elapsed = time.monotonic() - load_started

        print(f"\n{'download':>8} {'status':>6} {'bytes':>13} {'s':>7}  checks")
        for outcome in sorted(outcomes, key=lambda o: o["number"]):
            problems = outcome["problems"]
            failures += bool(problems)
            print(
                f"{outcome['number']:>8} {outcome.get('status', '-')!s:>6} "
                f"{outcome['received']:>13,} {outcome['seconds']:>7.2f}  "
                + ("; ".join(problems) if problems else "length, SHA-256 and ZIP CRCs match")
            )
        missing = args.downloads * args.rounds - len(outcomes)
        if missing:
            failures += missing
            print(f"{missing} download(s) did not finish within {args.max_seconds} s")
        latencies = sorted(seconds for _, seconds in api_results)
        errors = sum(not ok for ok, _ in api_results)
        failures += errors
        if latencies:
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            print(
                f"\nAPI meanwhile: {len(api_results):,} requests in {elapsed:.1f} s "
                f"({len(api_results) / elapsed:.0f}/s), {errors} errors, "
                f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms."
            )
    print("\nRESULT:", "every download complete and intact" if not failures else "FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
