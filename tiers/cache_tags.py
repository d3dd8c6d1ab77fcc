"""Which records and lists a cached response showed, and which of them a write changed.

Each cached page or API response (``guarantees_site.page_cache``) carries *tags*, each with the
version it had when the response was stored; a copy is served only while every one of its tags
still has that version. A write changes the versions of the tags it touches, so it drops only the
copies that showed what it changed, on every server sharing the cache.

The tags:

- ``<model>-<id>``, one record (``commitment-12``): added by itself for every curated record a
  response loads (``CuratedModel.from_db`` calls ``record_loaded``), and touched by a write to
  that record.
- ``<model>-<id>-links``, the records listed on a record's own page (``depends_on_links``):
  touched by a write to a record that points at it (a status change touches its commitment's
  and its source's), so that the page drops when one of them is added, changed or removed.
- ``<model>s``, every list of a model (``commitments``): lists, counts and charts say which
  models they list (``depends_on_lists``); a write to a public record of that model touches it.
- ``any``: every write to public records touches it; a response whose view declared nothing
  depends on it, so undeclared pages drop on every write, as before tags existed.
- ``site``: every cached response depends on it; writes that cannot name what they changed
  (bulk writes, imports, fixtures, a change of visibility of a record that others are shown
  with) touch it and so drop everything. So do writes that may take a public record out of
  sight (returned to draft, deleted): a hidden record never stays on any page.

Lists and ``any`` may *lag* (``may_lag``): a copy whose only moved tags are those is served for
up to ``PUBLIC_LIST_REFRESH_SECONDS`` more while one request renders it again
(``guarantees_site.page_cache``). A record's own tags and ``site`` never lag: its page, and every
page that loaded it, drop at once.

A tag's version is a number in the cache (``cachetag:<tag>``), never expiring; a tag missing
from the cache (never written, or evicted) gets a new version when read, so that no copy stored
before can match it. The versions change at the write and again when its transaction commits,
like the content version (``tiers.content_version``), so a copy rendered from the old rows while
the transaction was open is not served after it.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent (tags: the set touched) once a write's tags are touched for good: when its transaction
# commits, or at once in autocommit. Connected in tiers.signals (tiers.summaries.refresh).
committed = Signal()

ANY = "any"
SITE = "site"
PREFIX = "cachetag:"


class Collected:
    """The tags of the response being rendered."""

    def __init__(self):
        self.tags: set[str] = set()
        self.declared = False  # the view said which lists it shows
        self.may_lag = True  # its lists may be refreshed rather than dropped (never_lags)

    def dependencies(self) -> set[str]:
        return self.tags | {SITE} | (set() if self.declared else {ANY})


_collecting: ContextVar[Collected | None] = ContextVar("cache_tags", default=None)


@contextmanager
def collecting():
    collected = Collected()
    token = _collecting.set(collected)
    try:
        yield collected
    finally:
        _collecting.reset(token)


def record_tag(model, pk) -> str:
    return f"{model._meta.model_name}-{pk}"


def links_tag(model, pk) -> str:
    return f"{model._meta.model_name}-{pk}-links"


def list_tag(model) -> str:
    return f"{model._meta.model_name}s"


def may_lag(tag: str) -> bool:
    """Whether a copy may be served for a few seconds after this tag moved: a list of a model
    (``commitments``) or ``any``, not a record's tags (``commitment-12``, ``commitment-12-links``)
    nor ``site``."""
    return tag != SITE and "-" not in tag


def record_loaded(instance) -> None:
    collected = _collecting.get()
    if collected is not None and instance.pk is not None:
        collected.tags.add(record_tag(type(instance), instance.pk))


def depends_on_lists(*models) -> None:
    """Declare that the response shows lists, counts or charts of these models (maybe none):
    it then drops when a public record of one of them changes, not on every write."""
    collected = _collecting.get()
    if collected is not None:
        collected.declared = True
        collected.tags.update(list_tag(model) for model in models)


def never_lags() -> None:
    """Declare that the response drops at once whatever moved, lists included: the API's, whose
    clients read what changed since their last visit (``updated_since``) and must not miss a
    write for the seconds a page's list may lag."""
    collected = _collecting.get()
    if collected is not None:
        collected.may_lag = False


def depends_on_links(record) -> None:
    """Declare that the response is ``record``'s own page, listing the records linked to it (and
    no other list unless ``depends_on_lists`` says so)."""
    collected = _collecting.get()
    if collected is not None:
        collected.declared = True
        collected.tags.add(links_tag(type(record), record.pk))


def _new_version() -> int:
    return time.time_ns()


def versions(tags) -> dict[str, int]:
    """The current version of each tag; tags missing from the cache get one now."""
    tags = sorted(tags)
    found = cache.get_many([PREFIX + tag for tag in tags])
    result, missing = {}, {}
    for tag in tags:
        version = found.get(PREFIX + tag)
        if version is None:
            version = missing[PREFIX + tag] = _new_version()
        result[tag] = version
    if missing:
        cache.set_many(missing, timeout=None)
    return result


def _touch(tags) -> None:
    version = _new_version()
    try:
        cache.set_many({PREFIX + tag: version for tag in tags}, timeout=None)
    except Exception:
        # The write is committed; readers see it once cached copies expire.
        logger.error("Cache tags could not be changed: %s", sorted(tags), exc_info=True)


class _AtCommit:
    """The tags a transaction touched, touched once more when it commits."""

    def __init__(self):
        self.tags: set[str] = set()

    def __call__(self):
        _touch(self.tags)
        committed.send(sender=None, tags=self.tags)


def touch(tags, using: str = "default") -> None:
    """Drop the cached copies that depend on any of ``tags``: now, and again at commit."""
    tags = set(tags) | {ANY}
    _touch(tags)
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        committed.send(sender=None, tags=tags)
        return
    for _sids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _AtCommit):
            callback.tags |= tags
            return
    at_commit = _AtCommit()
    at_commit.tags |= tags
    transaction.on_commit(at_commit, using=using)
