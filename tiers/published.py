"""What the open-data surfaces (API, feeds, sitemap, downloads) may show, loaded in bulk.

A record is public when it is published and so is every record it cannot be shown without (a
commitment's tier, a statement's speaker, both sides of a membership), as the models'
``SHOWN_WITH`` declarations say (tiers/models/base.py); ``public()`` querysets apply them, and
``public_q`` gives the same condition for a record reached through a relation. Relations to other
records are narrowed to the public ones so that a draft never leaks through a published
neighbour. Each function loads everything its surfaces print in a fixed number of queries,
whatever the number of rows.

Lists of related records (a commitment's actors, a statement's sources…) are read as plain values
keyed by the record's id (``commitment_relations``, ``statement_relations``), not as model
instances: a page of 100 commitments prints about a thousand of them, and building an instance
for each cost more than the rest of the page.
"""

from collections import defaultdict
from functools import cache, wraps

from django.db.models import Case, F, Prefetch, When

from .models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    QuoteTranslation,
    Source,
    Statement,
    StatusChange,
    Tier,
)
from .models.base import public_q


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


def built_once(build):
    """``build``'s queryset made once per process and cloned for every use: resolving the public
    rule's joins and expressions costs more than reading a page of rows. It never binds a database,
    so each clone reads where the router sends it."""
    prototype = cache(build)

    @wraps(build)
    def clone():
        return prototype().all()

    return clone


def public_column(model, relation: str, column: str):
    """``relation__column`` where the related record (a ``model``) is public, otherwise null: an
    optional reference (a lead actor, a change's source) read as a value by ``public_q``'s rule."""
    return Case(When(public_q(model, f"{relation}__"), then=F(f"{relation}__{column}")))


@built_once
def commitments():
    """Public commitments with the keys of their tier (``tier_slug``) and of their lead actor
    when it is public (``lead_actor_slug``); ``commitment_relations`` adds their lists."""
    return Commitment.objects.public().annotate(
        tier_slug=F("tier__slug"), lead_actor_slug=public_column(Actor, "lead_actor", "slug")
    )


def timeline(commitment_ids):
    """The published status changes of these commitments, oldest first, as dictionaries with the
    keys of their source and evidence statement when those are public."""
    return published_changes().filter(commitment__in=commitment_ids)


@built_once
def published_changes():
    """Every published change of a public commitment, as ``timeline`` prints it."""
    return (
        StatusChange.objects.public()
        .order_by("occurred_on", "id")
        .values(
            "commitment_id",
            "id",
            "occurred_on",
            "occurred_precision",
            "progress",
            "legal_form",
            # Both languages, named: this queryset is built once, in whatever language is active
            # then, and the API picks the reader's (StatusChangeSerializer).
            "summary_en",
            "summary_uk",
            "updated_at",
            source_key=public_column(Source, "source", "key"),
            statement_slug=public_column(Statement, "statement", "slug"),
        )
    )


@built_once
def figures():
    """Public figures (shown with their commitment, and their status change when they report
    one) with the key of their commitment and, when it is public, of their source."""
    return Figure.objects.public().annotate(
        commitment_slug=F("commitment__slug"), source_key=public_column(Source, "source", "key")
    )


@built_once
def figure_rows():
    """Every public figure as a dictionary, as a commitment lists them."""
    return (
        Figure.objects.public()
        .order_by("commitment_id", "kind", "key")
        .values(
            "commitment_id",
            "key",
            "status_change_id",
            "kind",
            "value",
            "currency",
            "unit",
            "period_start_on",
            "period_start_precision",
            "period_end_on",
            "period_end_precision",
            "rank",
            "note",
            "updated_at",
            source_key=public_column(Source, "source", "key"),
        )
    )


def keys_by_owner(queryset, relation: str, key: str) -> dict[int, list]:
    """The natural keys of ``queryset``'s records (public ones, in its order) linked through the
    many-to-many ``relation``, by the id of the record on its other side."""
    # values_list reuses the join of the filter on the same relation: one row per link.
    grouped = defaultdict(list)
    for owner, value in queryset.values_list(relation, key):
        grouped[owner].append(value)
    return grouped


def commitment_relations(records) -> None:
    """Give each of these commitments its public actors' slugs (``actor_slugs``), its public
    sources' keys (``source_keys``), its published ``timeline`` and its public ``figure_list``:
    four queries in all."""
    ids = [record.pk for record in records]
    actors = Actor.objects.public().filter(commitments__in=ids).order_by("name", "id")
    sources = Source.objects.public().filter(commitments__in=ids).order_by("title", "id")
    actor_slugs = keys_by_owner(actors, "commitments", "slug")
    source_keys = keys_by_owner(sources, "commitments", "key")
    changes = defaultdict(list)
    for change in timeline(ids):
        changes[change.pop("commitment_id")].append(change)
    figures = defaultdict(list)
    for figure in figure_rows().filter(commitment__in=ids):
        figures[figure.pop("commitment_id")].append(figure)
    for record in records:
        record.actor_slugs = actor_slugs.get(record.pk, [])
        record.source_keys = source_keys.get(record.pk, [])
        record.timeline = changes.get(record.pk, [])
        record.figure_list = figures.get(record.pk, [])


@built_once
def statements():
    """Public statements with their speaker (whom a citation names) and the key of the actor
    spoken for when it is public (``on_behalf_of_slug``); ``statement_relations`` adds their
    lists, and their translations (one query for a page)."""
    translations = QuoteTranslation.objects.select_related("source").order_by("language")
    return (
        Statement.objects.public()
        .select_related("speaker")
        .annotate(on_behalf_of_slug=public_column(Actor, "on_behalf_of", "slug"))
        .prefetch_related(Prefetch("translations", queryset=translations))
    )


def statement_relations(records) -> None:
    """Give each of these statements the slugs of its public tiers (``tier_slugs``) and
    commitments (``commitment_slugs``) and its public sources' keys (``source_keys``): three
    queries in all."""
    ids = [record.pk for record in records]
    tiers = Tier.objects.public().filter(statements__in=ids).order_by("number")
    commitments = Commitment.objects.public().filter(statements__in=ids).order_by("title", "id")
    sources = Source.objects.public().filter(statements__in=ids).order_by("title", "id")
    tier_slugs = keys_by_owner(tiers, "statements", "slug")
    commitment_slugs = keys_by_owner(commitments, "statements", "slug")
    source_keys = keys_by_owner(sources, "statements", "key")
    for record in records:
        record.tier_slugs = tier_slugs.get(record.pk, [])
        record.commitment_slugs = commitment_slugs.get(record.pk, [])
        record.source_keys = source_keys.get(record.pk, [])
        record.translation_list = list(record.translations.all())  # prefetched by statements()


def shown(record):
    """A related record as the public may see it: itself when public, otherwise nothing."""
    return record if record is not None and record.is_shown else None
