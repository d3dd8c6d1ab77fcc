"""Record pages' addresses, reversed once per language rather than once per link.

A list of sixty records links each of them, and ``reverse()`` matches the whole URL tree each
time. A record's address is its view's address around the record's slug, so the part around it
is read once per view, language, script prefix and URL tree, and the slug put in between.
"""

import re
from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What the <slug:…> converter accepts, which quoting leaves as it is; anything else goes through
# reverse(), which refuses it as it always did.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MARK = "record-url-mark"


def record_url(viewname: str, name: str, value: str) -> str:
    """``reverse(viewname, kwargs={name: value})`` for a view taking one slug."""
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        return reverse(viewname, kwargs={name: value})
    # A new URL tree (override_settings, clear_url_caches) is a new resolver, so a new key.
    resolver = get_resolver(get_urlconf())
    head, tail = _around(viewname, name, get_language(), get_script_prefix(), resolver)
    return f"{head}{value}{tail}"


@lru_cache(maxsize=256)
def _around(viewname, name, language, prefix, resolver) -> tuple[str, str]:
    head, _mark, tail = reverse(viewname, kwargs={name: MARK}).rpartition(MARK)
    return head, tail
