"""A real streaming replica: public reads on it, writes and the admin on the primary.

    .venv/bin/python bench/replica.py [--commitments 300] [--lag-writes 5]

It builds two PostgreSQL clusters of its own on loopback, in a temporary directory (the
machine's own cluster is never touched): a primary (``initdb``, replication allowed from
127.0.0.1 only) holding a small synthetic data set, and a hot standby made from it with
``pg_basebackup -R`` that streams its WAL. Then it starts gunicorn with ``DATABASE_URL`` on the
primary and ``DATABASE_REPLICA_URL`` on the standby, the page cache off (so that every read
reaches a database), and shows, each as a line of the report:

1. public reads go to the replica: anonymous pages and API requests, with the statements on the
   tracker's tables each cluster ran meanwhile (``log_statement = all``: the log is written as
   each statement runs, where the statistics views lag by up to ten seconds);
2. the admin and every write go to the primary: an editor signs in and adds published sources
   through the admin's form;
3. read-your-writes: with the standby's replay paused, the editor who saved a source sees its
   public page at once (200), while an anonymous reader, on the replica, does not yet (404);
4. replication lag: for ``--lag-writes`` saves, the time from the admin's redirect to the source's
   page answering anonymously (that is, from the replica), and ``pg_stat_replication``'s lags;
5. with the standby stopped, anonymous reads fall back to the primary without an error.

Every cluster and the server are stopped at the end, whatever happens. It needs the PostgreSQL
server binaries (``/usr/lib/postgresql/<version>/bin``) and, run as root, the ``postgres`` user
to own the clusters.
"""

import argparse
import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent)

from db_restart import EDITOR_SCRIPT, Browser  # noqa: E402
from production_server import DEFAULT_CACHE_URL, Server, environment, manage, prepare  # noqa: E402

DATABASE = "guarantees"
EDITOR = "replica-bench-editor"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        sys.exit("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    return Path(found[-1]).parent


class Clusters:
    """A primary and its streaming standby, each on a loopback port of its own."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="replica-bench-"))
        self.primary, self.standby = self.root / "primary", self.root / "standby"
        self.ports = {"primary": free_port(), "standby": free_port()}
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")

    def run(self, *command, check=True):
        result = subprocess.run(
            [*self.as_postgres, *command], capture_output=True, text=True, cwd=self.root
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def sql(self, which: str, query: str, database: str = DATABASE) -> str:
        psql = str(self.bin / "psql") if (self.bin / "psql").exists() else "psql"
        port = str(self.ports[which])
        command = [psql, "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database]
        return self.run(*command, "-Atc", query).strip()

    def url(self, which: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports[which]}/{DATABASE}"

    def start(self, which: str) -> None:
        directory = self.primary if which == "primary" else self.standby
        log = self.root / f"{which}.log"
        self.run(str(self.bin / "pg_ctl"), "-D", str(directory), "-l", str(log), "-w", "start")

    def stop(self, which: str) -> None:
        directory = self.primary if which == "primary" else self.standby
        if (directory / "postmaster.pid").exists():
            self.run(str(self.bin / "pg_ctl"), "-D", str(directory), "-m", "fast", "-w", "stop")

    def create(self) -> None:
        self.run(str(self.bin / "initdb"), "-D", str(self.primary), "-U", "postgres", "-A", "trust")
        settings = (
            f"port = {self.ports['primary']}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.root}'\nwal_level = replica\n"
            "max_wal_senders = 4\nhot_standby = on\nlog_statement = all\n"
        )
        self.append(self.primary / "postgresql.conf", settings)
        self.append(
            self.primary / "pg_hba.conf",
            "host replication postgres 127.0.0.1/32 trust\nhost all postgres 127.0.0.1/32 trust\n",
        )
        self.start("primary")
        self.run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.ports["primary"]),
            "-U",
            "postgres",
            DATABASE,
        )

    def create_standby(self) -> None:
        self.run(
            str(self.bin / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.ports["primary"]),
            "-U",
            "postgres",
            "-D",
            str(self.standby),
            "-R",
            "-X",
            "stream",
        )
        self.append(self.standby / "postgresql.conf", f"port = {self.ports['standby']}\n")
        self.start("standby")

    @staticmethod
    def append(path: Path, text: str) -> None:
        with open(path, "a") as file:
            file.write(text)

    def returned(self) -> dict[str, int]:
        """Statements on the tracker's tables each cluster has run so far, from its log."""
        counts = {}
        for which in self.ports:
            log = self.root / f"{which}.log"
            text = log.read_text(errors="replace") if log.exists() else ""
            counts[which] = sum(
                1 for line in text.splitlines() if "statement: " in line and '"tiers_' in line
            )
        return counts

    def cleanup(self) -> None:
        for which in ("standby", "primary"):
            try:
                self.stop(which)
            except RuntimeError as error:
                print(f"stopping the {which}: {error}", file=sys.stderr)
        shutil.rmtree(self.root, ignore_errors=True)


def anonymous_status(server: Server, path: str) -> int:
    return Browser(server.port).request("GET", path)[0]


def add_source(browser: Browser, admin: str, n: int) -> tuple[str, float]:
    """A published source through the admin's form; its key and when the redirect came."""
    add = f"/{admin}tiers/source/add/"
    key = f"replica-bench-{n}-{secrets.token_hex(3)}"
    form = {
        "csrfmiddlewaretoken": browser.csrf_token(add),
        "title": f"Replica bench source {n}",
        "key": key,
        "publisher": "Replica bench",
        "kind": "other",
        "url": f"https://example.org/replica-bench/{key}",
        "published_precision": "",
        "visibility": "published",
        "_save": "Save",
    }
    status, headers, content = browser.request("POST", add, form)
    if status != 302 or "/add/" in (headers.get("Location") or ""):
        sys.exit(f"The admin refused the source ({status}): {content[:300]!r}")
    return key, time.monotonic()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commitments", type=int, default=300)
    parser.add_argument("--lag-writes", type=int, default=5)
    parser.add_argument("--cache-url", default=DEFAULT_CACHE_URL)
    args = parser.parse_args()

    clusters = Clusters(binaries())
    try:
        return run(clusters, args)
    finally:
        clusters.cleanup()


def run(clusters: Clusters, args) -> int:
    clusters.create()
    port = free_port()
    env = environment(clusters.url("primary"), args.cache_url, port, 2)
    env["PUBLIC_CACHE_SECONDS"] = "0"  # every read reaches a database
    prepare(env)
    manage(
        env,
        "generate_synthetic",
        "--commitments",
        str(args.commitments),
        "--statements",
        str(args.commitments * 5),
    )
    clusters.create_standby()
    env["DATABASE_REPLICA_URL"] = clusters.url("standby")
    admin = env.get("ADMIN_PATH", "admin/").strip("/") + "/"
    password = secrets.token_urlsafe(16)
    manage(
        env, "shell", "--no-imports", "-c", EDITOR_SCRIPT % {"name": EDITOR, "password": password}
    )
    failures = 0
    with Server(env, port) as server:
        # What runs with no request at all, to tell the site's statements from it.
        first = clusters.returned()
        time.sleep(1)
        noise = {which: n - first[which] for which, n in clusters.returned().items()}
        print(f"(statements on the tracker's tables with no request, in a second: {noise})")
        reads = ["/en/", "/en/commitments/", "/en/statements/", "/api/v1/commitments/"]
        before = clusters.returned()
        statuses = [anonymous_status(server, path) for path in reads * 5]
        after = clusters.returned()
        grown = {which: after[which] - before[which] for which in after}
        ok = all(s == 200 for s in statuses) and grown["standby"] > 10 * max(grown["primary"], 1)
        failures += not ok
        print(
            f"1. public reads: {len(statuses)} anonymous requests, statuses "
            f"{sorted(set(statuses))}; statements: replica {grown['standby']:,}, primary "
            f"{grown['primary']:,} -> {'on the replica' if ok else 'NOT on the replica'}"
        )

        editor = Browser(port)
        editor.sign_in(EDITOR, password, admin)
        before = clusters.returned()
        key, _saved = add_source(editor, admin, 0)
        editor.request("GET", f"/{admin}tiers/source/?q=replica+bench")
        after = clusters.returned()
        grown = {which: after[which] - before[which] for which in after}
        ok = grown["primary"] > 2 * noise["primary"] and grown["standby"] <= 2 * noise["standby"]
        failures += not ok
        print(
            f"2. admin and writes: a source added and the admin's list read; statements: "
            f"primary {grown['primary']:,}, replica {grown['standby']:,}"
            f" -> {'on the primary' if ok else 'NOT only on the primary'}"
        )

        clusters.sql("standby", "SELECT pg_wal_replay_pause()")
        key, _saved = add_source(editor, admin, 1)
        page = f"/en/sources/{key}/"
        own, anonymous = editor.request("GET", page)[0], anonymous_status(server, page)
        clusters.sql("standby", "SELECT pg_wal_replay_resume()")
        ok = own == 200 and anonymous == 404
        failures += not ok
        print(
            f"3. read-your-writes, replay paused: the editor who saved gets {own}, an anonymous "
            f"reader (replica) {anonymous} -> {'as expected' if ok else 'NOT as expected'}"
        )

        lags = []
        for n in range(2, 2 + args.lag_writes):
            key, saved = add_source(editor, admin, n)
            deadline = saved + 10
            while anonymous_status(server, f"/en/sources/{key}/") != 200:
                if time.monotonic() > deadline:
                    sys.exit("the replica did not show a write within 10 s")
                time.sleep(0.005)
            lags.append((time.monotonic() - saved) * 1000)
        replication = clusters.sql(
            "primary",
            "SELECT state, coalesce(replay_lag::text, '-') FROM pg_stat_replication",
            database="postgres",
        )
        print(
            "4. replication lag, from the admin's redirect to the anonymous page answering 200: "
            + ", ".join(f"{ms:.0f}" for ms in lags)
            + f" ms (median {sorted(lags)[len(lags) // 2]:.0f} ms); pg_stat_replication "
            f"(state, replay_lag): {replication}"
        )

        clusters.stop("standby")
        statuses = [anonymous_status(server, path) for path in reads * 5]
        ok = all(s == 200 for s in statuses)
        failures += not ok
        print(
            f"5. standby stopped: {len(statuses)} anonymous requests, statuses "
            f"{sorted(set(statuses))} -> {'served by the primary' if ok else 'ERRORS'}"
        )
    print("\nRESULT: " + ("every check passed" if not failures else f"{failures} check(s) failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
