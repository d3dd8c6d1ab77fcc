"""What the open-data surfaces (API, feeds, sitemap, downloads) may show, loaded in bulk.

A record is public when it is published and so is every record it cannot be shown without (a
commitment's tier, a statement's speaker, both sides of a membership), as the models'
``SHOWN_WITH`` declarations say (tiers/models/base.py); ``public()`` querysets apply them.
Relations to other records are narrowed to the public ones with ``Prefetch`` so that a draft
never leaks through a published neighbour. Each function loads everything its surfaces print
in a fixed number of queries, whatever the number of rows.
"""

from django.db.models import Prefetch

from .models import Actor, Commitment, Membership, Source, Statement, StatusChange, Tier


def tiers():
    return Tier.objects.public()


def actors():
    return Actor.objects.public()


def sources():
    return Source.objects.public()


def memberships():
    return Membership.objects.public().select_related("member", "organisation", "source")


def status_changes():
    """Published changes of public commitments, with what an entry about one prints."""
    return StatusChange.objects.public().select_related(
        "commitment", "commitment__tier", "source", "statement", "statement__speaker"
    )


def timeline():
    """A commitment's published status changes, oldest first, for ``Prefetch``."""
    return (
        StatusChange.objects.public()
        .select_related("source", "statement", "statement__speaker")
        .order_by("occurred_on", "id")
    )


def commitments():
    return (
        Commitment.objects.public()
        .select_related("tier", "lead_actor")
        .prefetch_related(
            Prefetch("actors", queryset=Actor.objects.public().order_by("name", "id")),
            Prefetch("sources", queryset=Source.objects.public().order_by("title", "id")),
            Prefetch("status_changes", queryset=timeline()),
        )
    )


def statements():
    return (
        Statement.objects.public()
        .select_related("speaker", "on_behalf_of")
        .prefetch_related(
            Prefetch("tiers", queryset=Tier.objects.public().order_by("number")),
            Prefetch("commitments", queryset=Commitment.objects.public().order_by("title", "id")),
            Prefetch("sources", queryset=Source.objects.public().order_by("title", "id")),
        )
    )


def shown(record):
    """A related record as the public may see it: itself when public, otherwise nothing."""
    return record if record is not None and record.is_shown else None
