"""Dictionaries of natural keys, each read with one query the first time an import needs it.

A cell that names a tier, an actor, a source, a commitment or a statement is resolved here, never
with a query of its own, so an import runs the same few queries whatever its number of rows.
"""

from ..models import Actor, Commitment, Source, Statement, StatusChange, Tier
from .columns import status_change_key


def _tiers():
    return {
        str(tier.number): tier for tier in Tier.objects.only("pk", "number", "name", "visibility")
    }


def _actors():
    return {actor.slug: actor for actor in Actor.objects.only("pk", "slug", "name", "visibility")}


def _sources():
    """Sources by key and, where they have one, by URL: a cell may give either."""
    index = {}
    for source in Source.objects.only("pk", "key", "url", "title", "publisher", "visibility"):
        index[source.key] = source
        if source.url:
            index[source.url] = source
    return index


def _commitments():
    return {c.slug: c for c in Commitment.objects.only("pk", "slug", "title", "visibility")}


def _statements():
    return {
        s.slug: s
        for s in Statement.objects.only(
            "pk", "slug", "quote", "said_on", "said_precision", "visibility"
        )
    }


def _status_changes():
    """By the commitment's slug and the change's ``<date> <progress>``, as a figure names one;
    with the commitment and its tier, so that checking whether it is public reads nothing more."""
    changes = StatusChange.objects.select_related("commitment__tier").only(
        "pk",
        "occurred_on",
        "occurred_precision",
        "progress",
        "visibility",
        "commitment__slug",
        "commitment__visibility",
        "commitment__tier__visibility",
    )
    return {(change.commitment.slug, status_change_key(change)): change for change in changes}


BUILDERS = {
    "tier": _tiers,
    "actor": _actors,
    "source": _sources,
    "commitment": _commitments,
    "statement": _statements,
    "status_change": _status_changes,
}


class Lookups:
    """The dictionaries of one import; ``reset()`` before the next, so it sees new records."""

    def __init__(self):
        self._indexes: dict[str, dict] = {}

    def reset(self) -> None:
        self._indexes.clear()

    def get(self, name: str) -> dict:
        if name not in self._indexes:
            self._indexes[name] = BUILDERS[name]()
        return self._indexes[name]
