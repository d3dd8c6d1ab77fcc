"""Dictionaries of natural keys, each read with one query the first time an import needs it.

A cell that names a tier, an actor, a source, a commitment or a statement is resolved here, never
with a query of its own, so an import runs the same few queries whatever its number of rows.
"""

from ..models import Actor, Commitment, Source, Statement, Tier


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


BUILDERS = {
    "tier": _tiers,
    "actor": _actors,
    "source": _sources,
    "commitment": _commitments,
    "statement": _statements,
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
