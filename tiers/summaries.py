"""Counts over whole tables, kept between writes: a page reads them instead of counting.

The home page's and a tier's progress counts and the timeline's counts per year are GROUP BYs
over every public commitment, status change and statement: their cost grows with the data. Each
is kept in the shared cache with the versions of the lists it counts (``tiers.cache_tags``) at
the moment it was computed, and used while those versions stand. A write that changes one of
those lists makes it stale (its tag moves); when the write commits, ``refresh`` computes the
site-wide summaries again, so that the write pays for them, not the next reader. A summary
missing or stale when read (a filtered timeline, another process's write, a cache cleared) is
computed by that reader, and stored.

``dated_events`` are the timeline's three kinds of event, which its pages list and count.

The versions are read *before* the counts: a count computed from rows older than its versions
would otherwise be kept as current. What is public is decided by the same ``public()`` querysets
as everywhere else. With the cache unreachable, every read counts.
"""

import logging
import threading
from collections import OrderedDict

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from . import cache_tags
from .figures import public_figures, totals
from .models import Actor, Commitment, Figure, Membership, Source, Statement, StatusChange, Tier

logger = logging.getLogger(__name__)

PREFIX = "summary:"
PROGRESS = "progress-counts"
EVENTS = "events-per-year"
ACTORS = "busiest-actors"
TOTALS = "figure-totals"
# Who is in what, as the rows and cells its pages print (tiers/answer_table.py).
TABLE = "who-is-in-what"
# The lists each summary counts: the tags whose versions it is kept under.
COUNTS = {
    PROGRESS: (Commitment, Tier),
    EVENTS: (Commitment, StatusChange, Statement, Tier, Actor),
    ACTORS: (Commitment, Actor, Tier),
    # A figure is public with its commitment (and so its tier) and its status change.
    TOTALS: (Figure, Commitment, StatusChange, Tier),
    TABLE: (Commitment, Actor, Membership, Figure, Source, Tier),
}


def _tags(name) -> list[str]:
    # A write that cannot say what it changed (SITE) makes every summary stale too.
    return [cache_tags.SITE, *(cache_tags.list_tag(model) for model in COUNTS[name.split(":")[0]])]


class InProcess:
    """The summaries last read by this process, each with the versions it was kept under: a
    large summary (the table of who is in what) is then read from the shared cache, and
    unpickled, once per change rather than once per request. Holds at most ``size``."""

    def __init__(self, size: int):
        self.size = size
        self.values: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, name, versions):
        with self.lock:
            found = self.values.get(name)
            if found is None or found[0] != versions:
                return None
            self.values.move_to_end(name)
            return found

    def put(self, name, versions, value) -> None:
        with self.lock:
            self.values[name] = (versions, value)
            self.values.move_to_end(name)
            while len(self.values) > self.size:
                self.values.popitem(last=False)


def kept(name: str, compute, memo: InProcess | None = None):
    """``compute()``, or what it gave last while the lists it counts have not changed; with a
    ``memo``, as this process read it last, while those versions stand (the value is shared:
    never change it)."""
    try:
        versions = cache_tags.versions(_tags(name))
        if memo is not None and (found := memo.get(name, versions)):
            return found[1]
        stored = cache.get(PREFIX + name)
    except Exception:
        logger.warning("Summaries cannot be read from the cache; counting", exc_info=True)
        return compute()
    if stored is not None and stored[0] == versions:
        value = stored[1]
    else:
        value = compute()
        _store(name, versions, value)
    if memo is not None:
        memo.put(name, versions, value)
    return value


def touches(name: str, tags) -> bool:
    """Whether a write that touched ``tags`` made the summary ``name`` stale."""
    tags = set(tags)
    return cache_tags.SITE in tags or bool(tags & set(_tags(name)))


def is_current(name: str) -> bool:
    """Whether the summary ``name`` is kept under the current versions of its lists."""
    try:
        versions = cache_tags.versions(_tags(name))
        stored = cache.get(PREFIX + name)
    except Exception:
        return False
    return stored is not None and stored[0] == versions


def keep(names: list[str], compute) -> None:
    """Compute summaries of the same lists now (``compute()`` gives one value per name, in
    order) and keep them, under the versions read before computing."""
    try:
        versions = cache_tags.versions(_tags(names[0]))
    except Exception:
        logger.warning("Summaries cannot be refreshed", exc_info=True)
        return
    for name, value in zip(names, compute(), strict=True):
        _store(name, versions, value)


def _store(name, versions, value) -> None:
    try:
        cache.set(PREFIX + name, (versions, value), timeout=None)
    except Exception:
        logger.warning("A summary could not be stored: %s", name, exc_info=True)


def progress_counts() -> dict:
    """``{tier_id: {progress: count}}`` of the public commitments."""
    return kept(PROGRESS, lambda: Commitment.objects.public().progress_counts())


def dated_events(tier=None, actor=None) -> dict:
    """The three kinds of dated event as querysets of one shape: ``{kind: (queryset, field)}``."""
    commitments = Commitment.objects.public().filter_for_readers(tier=tier, actor=actor)
    changes = StatusChange.objects.public()
    statements = Statement.objects.public()
    if tier:
        changes = changes.filter(commitment__tier=tier)
        statements = statements.filter(tiers=tier)
    if actor:
        changes = changes.filter(commitment__in=Commitment.objects.involving(actor))
        statements = statements.filter(Q(speaker=actor) | Q(on_behalf_of=actor))
    return {
        "announced": (commitments.filter(announced_on__isnull=False), "announced_on"),
        "change": (changes, "occurred_on"),
        "statement": (statements.filter(said_on__isnull=False), "said_on"),
    }


def count_per_year(sources: dict) -> dict:
    """``{year: {kind: count}}`` of the dated events of ``sources`` (``{kind: (queryset,
    field)}``), one grouped query per kind."""
    per_year: dict = {}
    for kind, (queryset, field) in sources.items():
        rows = (
            queryset.order_by()
            .annotate(year=ExtractYear(field))
            .values("year")
            .annotate(n=Count("pk"))
            .values_list("year", "n")
        )
        for year, n in rows:
            per_year.setdefault(year, {})[kind] = n
    return per_year


def events_per_year(sources: dict, tier=None, actor=None) -> dict:
    """The timeline's counts per year: kept for the whole timeline and for each tier's; an
    actor's are few enough to count each time."""
    if actor is not None:
        return count_per_year(sources)
    name = EVENTS if tier is None else f"{EVENTS}:tier-{tier.pk}"
    return kept(name, lambda: count_per_year(sources))


def busiest_actors(tier, commitments, limit: int) -> list:
    """The actors joining most of ``commitments`` (a tier's), with ``commitment_count``: kept
    per tier as (id, slug, name, count), and given back as unsaved records for the links."""

    def compute():
        actors = (
            Actor.objects.public()
            .filter(commitments__in=commitments)
            .annotate(commitment_count=Count("commitments"))
            .order_by("-commitment_count", "name")
        )
        return list(actors.values_list("pk", "slug", "name", "commitment_count")[:limit])

    found = []
    for pk, slug, name, count in kept(f"{ACTORS}:tier-{tier.pk}", compute):
        actor = Actor(pk=pk, slug=slug, name=name)
        actor.commitment_count = count
        found.append(actor)
    return found


def tier_totals(tier):
    """The totals of a tier's figures (``tiers.figures.totals``), kept per tier as what its page
    shows of them (``Totals.shown``): adding up every figure of a tier grows with the data."""
    return kept(
        f"{TOTALS}:tier-{tier.pk}",
        lambda: totals(public_figures(commitment__tier=tier)).shown(),
    )


def refresh(tags) -> None:
    """After a write committed: count again the site-wide summaries whose lists it changed."""
    for name, compute in (
        (PROGRESS, lambda: Commitment.objects.public().progress_counts()),
        (EVENTS, lambda: count_per_year(dated_events())),
    ):
        if touches(name, tags):
            keep([name], lambda compute=compute: [compute()])
