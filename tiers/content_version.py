"""The version of the public content: one value in the cache that changes whenever a write can
change what readers see, and only then.

The API's ETag and Last-Modified come from it, and the downloads are built once per version
(``tiers.open_data.download_builds``). Cached pages and API responses depend on finer versions,
one per record and per list (``tiers.cache_tags``), which each write changes as well. The
curated models' base classes (tiers/models/base.py) call ``content_changed`` from each write
path — ``save``/``delete`` of a record, ``update``, ``delete``, ``bulk_create`` and
``bulk_update`` of a queryset, changes of many-to-many relations and fixtures — when the write
touches a published record (published before or after it). A write to drafts alone leaves the
version as it is: nobody outside can tell from the headers when drafts are written.

The version changes at the write and again when its transaction commits: a reader rendering the
old rows while the transaction is open stores them under a version that nobody asks for again.
Cached copies themselves expire after ``PUBLIC_CACHE_SECONDS``, so a change the cache never
heard of (another process with a local-memory cache, a write straight into the database) is
visible after that time at the latest. The version never expires: if it did, every cached page
would be dropped at the same moment for no reason.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

from . import cache_tags

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# Each process rereads the version from the cache at most this often: one round trip less on
# every cached page, at the price of seeing another server's change up to a second late.
RECHECK_SECONDS = 1.0

_known: tuple[int, float] | None = None  # (version, when it was read, monotonic)


def _new_version() -> int:
    # Nanoseconds since the epoch: unique enough, and it tells when the content last changed.
    return time.time_ns()


def current() -> int | None:
    """The current version, or None when the cache cannot be reached (then nothing is cached)."""
    global _known
    now = time.monotonic()
    if _known is not None and now - _known[1] < RECHECK_SECONDS:
        return _known[0]
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # add() keeps a version another server has just set, so all agree on one.
            cache.add(VERSION_KEY, _new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # a cache outage must not take the site down: serve uncached
        logger.warning("The cache cannot be reached; serving pages uncached", exc_info=True)
        _known = None
        return None
    _known = (version, now) if version is not None else None
    return version


def changed_at(version: int) -> float:
    """When the content last changed (or the version began), in seconds since the epoch."""
    return version / 1e9


def _bump() -> None:
    global _known
    version = _new_version()
    _known = (version, time.monotonic())  # this process sees its own change at once
    try:
        cache.set(VERSION_KEY, version, timeout=None)
    except Exception:
        # The write is committed; readers see it once cached copies expire.
        logger.error("The content version could not be changed in the cache", exc_info=True)


def content_changed(using: str = "default", tags=None) -> None:
    """Record that public content has changed: now, and again when the transaction commits.

    ``tags`` name what changed (``tiers.cache_tags``): the cached copies that showed it drop.
    Without them every cached copy drops.

    The change is visible at once to the connection that made it (an editor's next page). A
    reader on another connection may render the old rows before the commit and store them under
    the new version; the second change at commit makes that copy unreachable too.
    """
    cache_tags.touch({cache_tags.SITE} if tags is None else tags, using)
    _bump()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return  # autocommit: the write is already committed
    if any(entry[1] is _bump for entry in connection.run_on_commit):
        return  # one change at commit per transaction is enough, however many rows it writes
    transaction.on_commit(_bump, using=using)
