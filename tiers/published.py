"""What the open-data surfaces (API, feeds, sitemap, downloads) may show, loaded in bulk.

A record is public when it is published and so is every record it cannot be shown without (a
commitment's tier, a statement's speaker, both sides of a membership): the models' ``public()``
querysets say which. Relations to other records are narrowed to the public ones with ``Prefetch``
so that a draft never leaks through a published neighbour. Each function loads everything its
surfaces print in a fixed number of queries, whatever the number of rows.
"""

from django.db.models import Prefetch

from .models import Actor, Commitment, Membership, Source, Statement, StatusChange, Tier


def tiers():
    return Tier.objects.published()


def actors():
    return Actor.objects.published()


def sources():
    return Source.objects.published()


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
        StatusChange.objects.published()
        .select_related("source", "statement", "statement__speaker")
        .order_by("occurred_on", "id")
    )


def commitments():
    return (
        Commitment.objects.public()
        .select_related("tier", "lead_actor")
        .prefetch_related(
            Prefetch("actors", queryset=Actor.objects.published().order_by("name", "id")),
            Prefetch("sources", queryset=Source.objects.published().order_by("title", "id")),
            Prefetch("status_changes", queryset=timeline()),
        )
    )


def statements():
    return (
        Statement.objects.public()
        .select_related("speaker", "on_behalf_of")
        .prefetch_related(
            Prefetch("tiers", queryset=Tier.objects.published().order_by("number")),
            Prefetch("commitments", queryset=Commitment.objects.public().order_by("title", "id")),
            Prefetch("sources", queryset=Source.objects.published().order_by("title", "id")),
        )
    )


def shown(record):
    """A related record as the public may see it: itself when published, otherwise nothing."""
    return record if record is not None and record.is_published else None


def statement_shown(statement):
    """A statement cited as evidence is shown only when it and its speaker are published."""
    if statement is None or not statement.is_published or not statement.speaker.is_published:
        return None
    return statement
