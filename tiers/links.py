"""Addresses of other sites, as the public surfaces may show them.

Only ``http`` and ``https`` addresses with a host are ever rendered as links, written into
JSON-LD or given by the API, whatever path the value came by: a form checks what editors type,
but fixtures, restores, imports and direct writes do not pass through forms, so every surface
asks ``safe_link_url`` when it renders. Anything else (``javascript:``, ``data:``, ``ftp:``, an
address with spaces or control characters, which browsers would strip and then obey) is no link.
"""

from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https"})


def safe_link_url(value) -> str:
    """``value`` if it is an http(s) URL with a host, else the empty string."""
    if not isinstance(value, str) or not value:
        return ""
    if any(ord(character) <= 0x20 or ord(character) == 0x7F for character in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return ""
    return value
