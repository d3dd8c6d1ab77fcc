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

from django.db.models import Case, F, OuterRef, Prefetch, Subquery, Value, When

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
from .models.figure import MEASURE_FIELDS
from .page_lists import PageLists, in_one_query, plain


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


def public_lookup(model, relation: str, column: str):
    """``public_column`` as a lookup of each row's reference by its primary key, for the few
    rows of a page: a join would make PostgreSQL hash the whole related table for them."""
    related = model.objects.public().filter(pk=OuterRef(f"{relation}_id"))
    return Subquery(plain(related).order_by().values(column)[:1])


@built_once
def commitments():
    """Public commitments with the keys of their tier (``tier_slug``) and of their lead actor
    when it is public (``lead_actor_slug``); ``commitment_relations`` adds their lists."""
    return Commitment.objects.public().annotate(
        tier_slug=F("tier__slug"), lead_actor_slug=public_column(Actor, "lead_actor", "slug")
    )


def timeline(commitment_ids):
    """The published status changes of these public commitments, oldest first, as dictionaries
    with the keys of their source and evidence statement when those are public
    (``commitment_relations`` gives each commitment its own as plain objects)."""
    return published_changes().filter(commitment_id__in=commitment_ids)


@built_once
def published_changes():
    """The changes of commitments known to be public (what ``commitments()`` gave), as
    ``timeline`` prints them: public, given their commitment, which is not joined again."""
    return (
        plain(StatusChange.objects.public(known=("commitment",)))
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
            source_key=public_lookup(Source, "source", "key"),
            statement_slug=public_lookup(Statement, "statement", "slug"),
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
    """The figures of commitments known to be public, as dictionaries, as a commitment lists
    them: public, given their commitment."""
    return (
        plain(Figure.objects.public(known=("commitment",)))
        .order_by("commitment_id", "kind", "key")
        .values(
            "commitment_id",
            "key",
            "status_change_id",
            *MEASURE_FIELDS,
            # Both languages, named, as in published_changes.
            "note_en",
            "note_uk",
            "updated_at",
            source_key=public_lookup(Source, "source", "key"),
        )
    )


def keys_by_owner(relation: str, ids, **lists) -> dict[str, dict[int, list]]:
    """For each of ``lists`` (a name and its ``(queryset, key, sort)``: public records linked to
    the records ``ids`` through their many-to-many ``relation``), the natural keys ``key`` of its
    records in the order of ``sort`` (a text field, then a number), by the id of the record on
    the other side: every list in one query (``UNION ALL``), one row per link."""
    branches = [
        plain(queryset)
        .filter(**{f"{relation}__in": ids})
        # annotate reuses the join of the filter on the same relation.
        .annotate(
            list_number=Value(number),
            owner=F(relation),
            key_value=F(key),
            sort_text=F(sort[0]) if sort[0] else Value(""),
            sort_number=F(sort[1]),
        )
        .values_list("list_number", "owner", "key_value", "sort_text", "sort_number")
        .order_by()
        for number, (queryset, key, sort) in enumerate(lists.values())
    ]
    rows = (
        branches[0]
        .union(*branches[1:], all=True)
        .order_by("list_number", "sort_text", "sort_number")
    )
    grouped = {name: defaultdict(list) for name in lists}
    names = list(lists)
    for number, owner, value, _, _ in rows:
        grouped[names[number]][owner].append(value)
    return grouped


# A commitment's lists of public related records by their keys, each with its order: declared once
# for both ways of reading them (``commitment_relations``).
def commitment_key_lists():
    return {
        "actors": (Actor.objects.public(), "slug", ("name_en", "id")),
        "sources": (Source.objects.public(), "key", ("title", "id")),
    }


@cache
def commitment_lists() -> PageLists:
    rows = {"timeline": published_changes(), "figures": figure_rows()}
    return PageLists(Commitment, "commitments", commitment_key_lists(), rows, "commitment_id")


def commitment_relations(records) -> None:
    """Give each of these commitments its public actors' slugs (``actor_slugs``), its public
    sources' keys (``source_keys``), its published ``timeline`` and its public ``figure_list``:
    one query on PostgreSQL (tiers/page_lists.py), three elsewhere."""
    ids = [record.pk for record in records]
    database = records[0]._state.db if records else None
    if in_one_query(database):
        lists = commitment_lists().read(ids, database)
    else:
        lists = commitment_lists_a_query_each(ids)
    for record in records:
        record.actor_slugs = lists["actors"].get(record.pk, [])
        record.source_keys = lists["sources"].get(record.pk, [])
        record.timeline = lists["timeline"].get(record.pk, [])
        record.figure_list = lists["figures"].get(record.pk, [])


def commitment_lists_a_query_each(ids) -> dict[str, dict[int, list]]:
    """What ``commitment_lists`` reads in one query, as other databases read it: the keys in one
    query (``keys_by_owner``), the timeline and the figures in one each."""
    lists = keys_by_owner("commitments", ids, **commitment_key_lists())
    lists["timeline"] = rows_by_commitment(timeline(ids))
    lists["figures"] = rows_by_commitment(figure_rows().filter(commitment__in=ids))
    return lists


def rows_by_commitment(rows) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.pop("commitment_id")].append(row)
    return grouped


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
    commitments (``commitment_slugs``) and its public sources' keys (``source_keys``), in the
    English order whatever the language asked: one query in all."""
    keys = keys_by_owner(
        "statements",
        [record.pk for record in records],
        tiers=(Tier.objects.public(), "slug", (None, "number")),
        commitments=(Commitment.objects.public(), "slug", ("title_en", "id")),
        sources=(Source.objects.public(), "key", ("title", "id")),
    )
    for record in records:
        record.tier_slugs = keys["tiers"].get(record.pk, [])
        record.commitment_slugs = keys["commitments"].get(record.pk, [])
        record.source_keys = keys["sources"].get(record.pk, [])
        record.translation_list = list(record.translations.all())  # prefetched by statements()


def shown(record):
    """A related record as the public may see it: itself when public, otherwise nothing."""
    return record if record is not None and record.is_shown else None
