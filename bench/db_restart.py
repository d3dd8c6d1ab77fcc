"""Restart PostgreSQL under load and measure how the production server gets through it.

    .venv/bin/python bench/db_restart.py [--before 5] [--after 15]

It starts gunicorn as bench/load.py does (its own database, ``guarantees_loadbench`` by default,
persistent connections with health checks), signs an editor in, and runs, in threads:

- readers: a search of the admin's source list and ``/readyz``, both of which reach the
  database on every request (the admin is never cached; the editor's session is in it too);
- a writer: adds a source through the admin's form, one after the other; a redirect to the list
  is a confirmed write.

After ``--before`` seconds it restarts the PostgreSQL cluster
(``pg_ctlcluster --skip-systemctl-redirect <version> main restart``) while ``pg_isready`` is
polled every 50 ms, and keeps the load on for ``--after`` seconds. It then prints the requests
that failed during the outage, the time from PostgreSQL accepting connections again to the last
failure, whether the gunicorn workers are the same processes as before (no restart of the site),
and checks in the database that every confirmed write is there.

Targets: every request succeeds within 5 s of PostgreSQL accepting connections again; the site is
not restarted; no confirmed write is lost. It restarts the machine's PostgreSQL: run it by hand,
never while other work uses that server.
"""

import argparse
import http.client
import json
import re
import secrets
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path[0] = str(Path(__file__).resolve().parent)

from production_server import (  # noqa: E402
    DEFAULT_CACHE_URL,
    DEFAULT_DATABASE_URL,
    PROXY_HEADERS,
    Server,
    environment,
    manage,
    prepare,
)

READERS = 4
EDITOR = "restart-bench-editor"
TARGET_RECOVERY = 5.0

EDITOR_SCRIPT = """
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(username=%(name)r)
user.is_staff = user.is_superuser = True
user.set_password(%(password)r)
user.save()
"""

WRITES_SCRIPT = """
import json
from tiers.models import Source
print(json.dumps(list(Source.objects.filter(title__startswith=%(prefix)r)
      .values_list("title", flat=True))))
"""


class Browser:
    """One signed-in editor behind the TLS proxy: cookies by hand (they are Secure)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.origin = f"https://127.0.0.1:{port}"

    def request(self, method, path, form=None, timeout=10):
        headers = dict(PROXY_HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, content
        finally:
            connection.close()

    def csrf_token(self, path):
        status, _, content = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or not match:
            sys.exit(f"GET {path} gave {status} without a CSRF token")
        return match.group(1).decode()

    def sign_in(self, username, password, admin):
        login = f"/{admin}login/"
        token = self.csrf_token(login)
        status, headers, _ = self.request(
            "POST",
            login,
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        if status != 302:
            sys.exit(f"Signing in failed with status {status}")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (started, ended, kind, ok, detail)

    def add(self, *entry):
        with self.lock:
            self.requests.append(entry)


def reader(browser, admin, recorder, stop):
    paths = [f"/{admin}tiers/source/?q=restart+bench", "/readyz"]
    n = 0
    while not stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        started = time.monotonic()
        try:
            status, _, _ = browser.request("GET", path)
            ok, detail = status == 200, str(status)
        except OSError as error:
            ok, detail = False, type(error).__name__
        recorder.add(started, time.monotonic(), "read", ok, detail)


def writer(browser, admin, prefix, recorder, confirmed, stop):
    add = f"/{admin}tiers/source/add/"
    n = 0
    token = None
    while not stop.is_set():
        n += 1
        title = f"{prefix}{n:05d}"
        started = time.monotonic()
        try:
            token = token or browser.csrf_token(add)
            form = {
                "csrfmiddlewaretoken": token,
                "title": title,
                "key": title.lower().replace(" ", "-"),
                "publisher": "Restart bench",
                "kind": "other",
                "url": f"https://example.org/restart-bench/{n}-{started}",
                "published_precision": "",
                "visibility": "draft",
                "_save": "Save",
            }
            status, headers, content = browser.request("POST", add, form)
            ok = status == 302 and "/add/" not in (headers.get("Location") or "")
            detail = str(status)
            if status == 200:
                detail = "200 (form refused)"
                errors = re.findall(rb'class="errorlist[^"]*"[^>]*><li>([^<]+)', content)
                if errors:
                    detail += ": " + errors[0].decode()
            if ok:
                confirmed.append(title)
        except OSError as error:
            ok, detail = False, type(error).__name__
            token = None
        recorder.add(started, time.monotonic(), "write", ok, detail)


def poll_postgres(states, stop):
    """(time, accepting) whenever pg_isready's answer changes."""
    last = None
    while not stop.is_set():
        ready = (
            subprocess.run(
                ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], capture_output=True
            ).returncode
            == 0
        )
        if ready != last:
            states.append((time.monotonic(), ready))
            last = ready
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--cache-url", default=DEFAULT_CACHE_URL)
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--before", type=float, default=5, help="seconds of load before")
    parser.add_argument("--after", type=float, default=15, help="seconds of load after")
    parser.add_argument(
        "--no-restart", action="store_true", help="the same load without the restart (a check)"
    )
    args = parser.parse_args()

    env = environment(args.database_url, args.cache_url, args.port, args.workers)
    admin = env.get("ADMIN_PATH", "admin/").strip("/") + "/"
    prepare(env)
    password = secrets.token_urlsafe(16)
    manage(
        env, "shell", "--no-imports", "-c", EDITOR_SCRIPT % {"name": EDITOR, "password": password}
    )
    prefix = f"Restart bench {int(time.time())} "
    version = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True).stdout
    version = version.split()[0]

    recorder, confirmed, states = Recorder(), [], []
    stop, stop_polling = threading.Event(), threading.Event()
    with Server(env, args.port) as server:
        workers_before = server.worker_pids()
        threads = []
        for _ in range(READERS):
            browser = Browser(args.port)
            browser.sign_in(EDITOR, password, admin)
            threads.append(threading.Thread(target=reader, args=(browser, admin, recorder, stop)))
        browser = Browser(args.port)
        browser.sign_in(EDITOR, password, admin)
        threads.append(
            threading.Thread(
                target=writer, args=(browser, admin, prefix, recorder, confirmed, stop)
            )
        )
        poller = threading.Thread(target=poll_postgres, args=(states, stop_polling))
        poller.start()
        began = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(args.before)
        print(f"Restarting PostgreSQL {version} under load…", flush=True)
        restart_began = time.monotonic()
        if not args.no_restart:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                check=True,
            )
        restart_ended = time.monotonic()
        time.sleep(args.after)
        stop.set()
        for thread in threads:
            thread.join()
        stop_polling.set()
        poller.join()
        workers_after = server.worker_pids()

    present = set(
        json.loads(
            manage(env, "shell", "--no-imports", "-c", WRITES_SCRIPT % {"prefix": prefix})
            .strip()
            .splitlines()[-1]
        )
    )
    report(
        recorder.requests,
        states,
        began,
        restart_began,
        restart_ended,
        workers_before,
        workers_after,
        confirmed,
        present,
    )


def report(
    requests, states, began, restart_began, restart_ended, before, after, confirmed, present
):
    down = next((t for t, ready in states if not ready and t >= restart_began), None)
    up = next((t for t, ready in states if ready and down is not None and t > down), None)
    failures = [r for r in requests if not r[3]]
    rel = lambda t: t - restart_began  # noqa: E731  (seconds from the restart command)
    print(
        f"\n{len(requests)} requests in {requests[-1][1] - began:.1f} s "
        f"({sum(1 for r in requests if r[2] == 'write')} writes); restart command took "
        f"{restart_ended - restart_began:.2f} s."
    )
    if down is not None and up is not None:
        print(
            f"PostgreSQL refused connections from +{rel(down):.2f} s to +{rel(up):.2f} s "
            f"({up - down:.2f} s)."
        )
    else:
        print("pg_isready never saw PostgreSQL down (the restart was quicker than 50 ms).")
        up = restart_ended
    print(f"Failed requests: {len(failures)}")
    kinds = {}
    for started, _ended, kind, _, detail in failures:
        kinds.setdefault((kind, detail), []).append(started)
    for (kind, detail), times in sorted(kinds.items()):
        print(
            f"  {kind:5} {detail:30} ×{len(times):4d}  started from {rel(min(times)):+.2f} s "
            f"to {rel(max(times)):+.2f} s"
        )
    last_failure = max((r[1] for r in failures), default=None)
    recovery = 0.0 if last_failure is None else max(0.0, last_failure - up)
    after_up = [r for r in requests if r[0] > up]
    print(
        f"Time from PostgreSQL accepting connections to the last failure: {recovery:.2f} s "
        f"(target at most {TARGET_RECOVERY:.0f} s); requests started after it: "
        f"{len(after_up)}, failed: {sum(1 for r in after_up if not r[3])}."
    )
    print(
        f"gunicorn workers: {sorted(before)} before, {sorted(after)} after "
        f"({'the same processes: no restart' if before == after else 'CHANGED'})."
    )
    lost = [title for title in confirmed if title not in present]
    print(
        f"Confirmed writes: {len(confirmed)}; found in the database: "
        f"{len(confirmed) - len(lost)}; lost: {len(lost)}. Unconfirmed writes that were "
        f"committed all the same: {len(present - set(confirmed))}."
    )
    met = recovery <= TARGET_RECOVERY and before == after and not lost and confirmed
    print("Targets met." if met else "TARGETS MISSED.")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
