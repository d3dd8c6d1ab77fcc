"""Typed readers for settings that come from the environment.

Each helper fails loudly, naming the variable, when a value cannot be understood: a typo in a
deployment's environment must stop the start, not silently fall back to a default.
"""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


ENV_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)")


def load_env_file(path: Path) -> None:
    """Read ``NAME=value`` lines from ``path`` into the environment, if the file exists.

    For the development checkout only: ``make setup`` writes a git-ignored ``.env`` with
    ``DEBUG=1`` so that commands typed by hand (``manage.py createsuperuser``…) run as ``make``'s
    do. A variable the environment already has always wins. manage.py reads the file; the WSGI
    application (gunicorn) never does (docs/configuration.md).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = ENV_LINE.fullmatch(line)
        if match is None:
            raise ImproperlyConfigured(f"{path}, line {number}: {line!r} is not NAME=value")
        name, value = match[1], match[2].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(name, value)


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of: "
        + ", ".join(sorted(TRUE_VALUES | FALSE_VALUES - {""}))
    )


def envint(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envdatabase(name: str, default: str) -> dict:
    """Parse a database URL (``postgres://…``, ``sqlite:///…``) into a DATABASES entry."""
    import dj_database_url

    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=0)
    except Exception as exc:  # dj-database-url raises several unrelated types
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no database engine")
    return config


def envcache(name: str, default: str = "locmem://") -> dict:
    """Parse a cache URL into a CACHES entry: ``locmem://``, ``redis://host:6379/0``, ``dummy://``."""
    from urllib.parse import urlsplit

    raw = os.environ.get(name) or default
    scheme = urlsplit(raw).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": raw,
            # A cache that does not answer quickly is treated as down (pages are served uncached).
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": urlsplit(raw).netloc or "default",
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a cache URL; use redis://host:port/db, locmem:// or dummy://"
    )


def envheader(name: str) -> tuple[str, str] | None:
    """A proxy's header and the value that marks a secure request: ``X-Forwarded-Proto: https``.

    The header name alone means the value ``https``. Returned as Django's
    ``SECURE_PROXY_SSL_HEADER`` wants it, ``("HTTP_X_FORWARDED_PROTO", "https")``.
    """
    import re

    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, _, value = raw.partition(":")
    header, value = header.strip(), value.strip() or "https"
    if not re.fullmatch(r"[A-Za-z0-9-]+", header) or not re.fullmatch(r"[A-Za-z0-9.-]+", value):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a header and value; use for example X-Forwarded-Proto: https"
        )
    return "HTTP_" + header.upper().replace("-", "_"), value
