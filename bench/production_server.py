"""The production server for the load and fault scripts: gunicorn with deploy/gunicorn.conf.py,
DEBUG off, static files collected, behind a (simulated) TLS-terminating proxy.

Requests must carry ``X-Forwarded-Proto: https`` (``PROXY_HEADERS``), as they would from the
proxy; the server then applies every production setting: HTTPS redirect, HSTS, secure cookies.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guarantees_loadbench"
# A Redis database of its own, so that the bench never meets another program's keys.
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/15"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def environment(database_url: str, cache_url: str, port: int, workers: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="guarantees_site.settings",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE=env.get("DATABASE_CONN_MAX_AGE", "60"),
        CACHE_URL=cache_url,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        GUNICORN_ACCESS_LOG="",  # a log line per request would be measured too
        GUNICORN_LOG_LEVEL="warning",
        # Load from a few loopback clients measures serving, not the anonymous rate limit.
        API_ANON_RATE=env.get("API_ANON_RATE", "off"),
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


class Server:
    def __init__(self, env: dict[str, str], port: int):
        self.env, self.port = env, port
        self.process: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                sys.exit(f"Something already listens on port {self.port}; pick another (--port)")
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,  # its own process group, stopped as one below
        )
        deadline, answer = time.monotonic() + 60, "nothing"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("gunicorn exited at start; see its output above")
            try:
                with urllib.request.urlopen(self.url("/readyz"), timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except urllib.error.HTTPError as error:
                answer = error.read().decode(errors="replace")
                time.sleep(0.5)
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        sys.exit(f"gunicorn did not become ready within 60 s; /readyz said: {answer}")

    def worker_pids(self) -> set[int]:
        result = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        )
        return {int(pid) for pid in result.stdout.split()}

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
