"""The API's record types: for each, its fields (value and OpenAPI schema declared together),
its public queryset, its filters and its address.

Serialising a record and describing it in the OpenAPI document read the same declarations, so the
document cannot drift from the responses.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from .. import published
from ..citations import cite, permalink
from ..links import safe_link_url
from ..models import (
    Actor,
    Commitment,
    LegalForm,
    Membership,
    Progress,
    Source,
    Statement,
    StatusChange,
    Tier,
)
from ..partial_dates import PartialDate
from . import params as p


@dataclass(frozen=True)
class Context:
    """What a response's records are rendered against: where the reader is, and when."""

    base_url: str
    accessed: datetime.date


@dataclass(frozen=True)
class Field:
    name: str
    schema: dict
    get: Callable[[Any, Context], Any]
    description: str = ""


# The largest id the detail address accepts (18 digits, within a 64-bit column).
MAX_ID = 10**18 - 1

# Schemas shared by many fields.
STRING = {"type": "string"}
SLUG = {"type": "string", "pattern": p.SLUG_PATTERN}
NULLABLE_SLUG = {**SLUG, "nullable": True}
SLUGS = {"type": "array", "items": SLUG}
URI = {"type": "string", "format": "uri"}
DATETIME = {"type": "string", "format": "date-time"}
PARTIAL_DATE = {
    "type": "string",
    "nullable": True,
    "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "description": "A date at its known precision: 2025, 2025-08 or 2025-08-18; null if unknown.",
}
CITATION = {"$ref": "#/components/schemas/Citation"}


def enum(choices, blank=False) -> dict:
    values = list(choices.values)
    return {"type": "string", "enum": [*values, ""] if blank else values}


def attr(name: str) -> Callable:
    return lambda record, ctx: getattr(record, name)


def text_field(name: str, description: str = "") -> Field:
    return Field(name, STRING, attr(name), description)


def link_field(name: str, description: str) -> Field:
    """An address of another site: only http(s), whatever is stored (tiers.links)."""
    return Field(
        name, STRING, lambda record, ctx: safe_link_url(getattr(record, name)), description
    )


def partial_date(name: str, description: str = "") -> Field:
    def get(record, ctx):
        value = PartialDate.from_fields(
            getattr(record, f"{name}_on"), getattr(record, f"{name}_precision")
        )
        return value.isoformat() if value else None

    return Field(name, PARTIAL_DATE, get, description)


def related_slug(name: str, key: str = "slug", description: str = "") -> Field:
    """A foreign key as its natural key, or null when it is empty or not published."""

    def get(record, ctx):
        related = published.shown(getattr(record, name))
        return getattr(related, key) if related else None

    return Field(name, {**NULLABLE_SLUG}, get, description)


def related_slugs(name: str, key: str = "slug", description: str = "") -> Field:
    """A many-to-many relation as natural keys; the prefetch already left out drafts."""
    return Field(
        name,
        SLUGS,
        lambda record, ctx: [getattr(item, key) for item in getattr(record, name).all()],
        description,
    )


def api_url(detail_name: str, lookup: str) -> Field:
    def get(record, ctx):
        return ctx.base_url + reverse(f"api:{detail_name}", args=[getattr(record, lookup)])

    return Field("api_url", URI, get, "This record in the API.")


PAGE_URL = Field(
    "page_url",
    URI,
    lambda record, ctx: permalink(record, ctx.base_url),
    "The record's page on the site (its permalink).",
)
UPDATED_AT = Field(
    "updated_at", DATETIME, lambda record, ctx: record.updated_at.isoformat(), "Last change."
)
CITATION_FIELD = Field(
    "citation",
    CITATION,
    lambda record, ctx: cite(record, ctx.base_url, ctx.accessed).as_dict(),
    "How to cite the record page.",
)


def status_change_dict(change, ctx) -> dict:
    source = published.shown(change.source)
    statement = published.statement_shown(change.statement)
    return {
        "id": change.id,
        "occurred": PartialDate(change.occurred_on, change.occurred_precision).isoformat(),
        "progress": change.progress,
        "legal_form": change.legal_form,
        "summary": change.summary,
        "source": source.key if source else None,
        "statement": statement.slug if statement else None,
        "updated_at": change.updated_at.isoformat(),
    }


STATUS_CHANGE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "occurred",
        "progress",
        "legal_form",
        "summary",
        "source",
        "statement",
        "updated_at",
    ],
    "properties": {
        "id": {"type": "integer"},
        "occurred": {**PARTIAL_DATE, "nullable": False},
        "progress": enum(Progress),
        "legal_form": {**enum(LegalForm, blank=True), "description": "Empty if unchanged."},
        "summary": STRING,
        "source": {**NULLABLE_SLUG, "description": "Key of the source that reports it."},
        "statement": {**NULLABLE_SLUG, "description": "Slug of the evidence statement."},
        "updated_at": DATETIME,
    },
}


def commitments_updated_since(queryset, since):
    """A commitment counts as changed when it, or any change in its timeline, was."""
    changed = StatusChange.objects.filter(commitment=OuterRef("pk"), updated_at__gte=since)
    return queryset.filter(Q(updated_at__gte=since) | Exists(changed))


@dataclass(frozen=True)
class Resource:
    name: str  # plural, as in the address: "commitments"
    schema_name: str  # the OpenAPI component: "Commitment"
    model: type
    lookup: str  # the natural key in the detail address
    queryset: Callable[[], QuerySet]
    fields: tuple[Field, ...]
    filters: tuple[p.Param, ...] = ()
    apply_filters: Callable[[QuerySet, dict], QuerySet] = lambda queryset, values: queryset
    updated_since: Callable[[QuerySet, datetime.datetime], QuerySet] = lambda queryset, since: (
        queryset.filter(updated_at__gte=since)
    )
    # Tables whose latest change bounds a list's Last-Modified (drafts included, so that
    # unpublishing a record also moves it).
    tables: tuple[type, ...] = ()
    description: str = ""

    @property
    def singular(self) -> str:
        return self.schema_name.lower()

    @property
    def lookup_schema(self) -> dict:
        if self.lookup == "id":
            return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        return {**SLUG, "maxLength": 200}

    def serialize(self, record, ctx: Context) -> dict:
        return {field.name: field.get(record, ctx) for field in self.fields}

    def last_modified(self, record) -> datetime.datetime:
        moments = [record.updated_at]
        if self.model is Commitment:
            moments += [change.updated_at for change in record.status_changes.all()]
        return max(moments)

    def component(self) -> dict:
        properties = {}
        for field in self.fields:
            schema = dict(field.schema)
            if field.description and "$ref" not in schema:
                schema["description"] = field.description
            properties[field.name] = schema
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [field.name for field in self.fields],
            "properties": properties,
        }


def resolve(model, value, key="slug"):
    """The public record a filter names, or None when there is none to show."""
    queryset = Commitment.objects.public() if model is Commitment else model.objects.published()
    return queryset.filter(**{key: value}).first()


def resolve_all(values, lookups) -> dict | None:
    """Records named by the filters in ``values``; None when one names nothing public."""
    found = {}
    for name, (model, key) in lookups.items():
        if values.get(name):
            found[name] = resolve(model, values[name], key)
            if found[name] is None:
                return None
    return found


def filter_commitments(queryset, values):
    found = resolve_all(
        values, {"tier": (Tier, "slug"), "actor": (Actor, "slug"), "source": (Source, "key")}
    )
    if found is None:
        return queryset.none()
    choices = {
        name: values.get(name) for name in ("category", "progress", "legal_form", "condition")
    }
    return queryset.filter_for_readers(year=values.get("year"), **found, **choices)


def filter_statements(queryset, values):
    lookups = {
        "speaker": (Actor, "slug"),
        "tier": (Tier, "slug"),
        "source": (Source, "key"),
        "commitment": (Commitment, "slug"),
    }
    found = resolve_all(values, lookups)
    if found is None:
        return queryset.none()
    commitment = found.pop("commitment", None)
    queryset = queryset.filter_for_readers(
        year=values.get("year"), language=values.get("language", ""), **found
    )
    if commitment:
        queryset = queryset.filter(commitments=commitment)
    if values.get("q"):
        queryset = queryset.search(values["q"])
    return queryset


def filter_memberships(queryset, values):
    for name in ("member", "organisation"):
        if values.get(name):
            queryset = queryset.filter(**{f"{name}__slug": values[name]})
    if values.get("role"):
        queryset = queryset.filter(role=values["role"])
    return queryset


def filter_by_kind(queryset, values):
    return queryset.filter(kind=values["kind"]) if values.get("kind") else queryset


def filter_actors(queryset, values):
    return filter_by_kind(queryset.named(values.get("q", "")), values)


YEAR = p.IntParam("year", "Only records of this year.", minimum=1, maximum=9999)

TIERS = Resource(
    name="tiers",
    schema_name="Tier",
    model=Tier,
    lookup="slug",
    queryset=published.tiers,
    tables=(Tier,),
    description="The levels of the guarantee system.",
    fields=(
        Field("slug", SLUG, attr("slug")),
        Field("number", {"type": "integer", "minimum": 0}, attr("number")),
        text_field("name"),
        text_field("summary"),
        text_field("description"),
        api_url("tier-detail", "slug"),
        PAGE_URL,
        UPDATED_AT,
        CITATION_FIELD,
    ),
)

ACTORS = Resource(
    name="actors",
    schema_name="Actor",
    model=Actor,
    lookup="slug",
    queryset=published.actors,
    tables=(Actor,),
    description="States, organisations, coalitions, people and bodies that commit or speak.",
    filters=(
        p.TextParam("q", "Only actors whose name or short name contains this text."),
        p.ChoiceParam("kind", "Only actors of this kind.", choices=tuple(Actor.Kind.values)),
    ),
    apply_filters=filter_actors,
    fields=(
        Field("slug", SLUG, attr("slug")),
        text_field("name"),
        text_field("short_name"),
        Field("kind", enum(Actor.Kind), attr("kind")),
        text_field("iso_code", "ISO 3166-1 alpha-2 code (states only), or empty."),
        text_field("wikidata_id", "Wikidata identifier (Q…), or empty."),
        text_field("description"),
        api_url("actor-detail", "slug"),
        PAGE_URL,
        UPDATED_AT,
        CITATION_FIELD,
    ),
)

MEMBERSHIPS = Resource(
    name="memberships",
    schema_name="Membership",
    model=Membership,
    lookup="id",
    queryset=published.memberships,
    tables=(Membership,),
    description="An actor's place in another: a member of a coalition, a person in a post.",
    filters=(
        p.SlugParam("member", "Only places held by this actor (slug)."),
        p.SlugParam("organisation", "Only places in this organisation (slug)."),
        p.ChoiceParam("role", "Only this role.", choices=tuple(Membership.Role.values)),
    ),
    apply_filters=filter_memberships,
    fields=(
        Field("id", {"type": "integer"}, attr("id")),
        Field("member", SLUG, lambda record, ctx: record.member.slug),
        Field("organisation", SLUG, lambda record, ctx: record.organisation.slug),
        Field("role", enum(Membership.Role), attr("role")),
        text_field("title", "The position's title, for a position."),
        partial_date("start"),
        partial_date("end"),
        related_slug("source", key="key", description="Key of the source."),
        api_url("membership-detail", "id"),
        UPDATED_AT,
    ),
)

SOURCES = Resource(
    name="sources",
    schema_name="Source",
    model=Source,
    lookup="key",
    queryset=published.sources,
    tables=(Source,),
    description="Where facts come from.",
    filters=(
        p.ChoiceParam("kind", "Only sources of this kind.", choices=tuple(Source.Kind.values)),
    ),
    apply_filters=filter_by_kind,
    fields=(
        Field("key", SLUG, attr("key")),
        text_field("title"),
        text_field("publisher"),
        link_field(
            "url",
            "Where the source can be read (http or https); empty for a document with no address.",
        ),
        Field("kind", enum(Source.Kind), attr("kind")),
        partial_date("published"),
        link_field("archived_url", "A copy in a web archive (http or https), or empty."),
        Field(
            "accessed_on",
            {"type": "string", "format": "date", "nullable": True},
            lambda record, ctx: record.accessed_on.isoformat() if record.accessed_on else None,
        ),
        api_url("source-detail", "key"),
        PAGE_URL,
        UPDATED_AT,
        CITATION_FIELD,
    ),
)

COMMITMENTS = Resource(
    name="commitments",
    schema_name="Commitment",
    model=Commitment,
    lookup="slug",
    queryset=published.commitments,
    tables=(Commitment, StatusChange),
    description="Pledges made under a tier, each with its published timeline of status changes.",
    filters=(
        p.SlugParam("tier", "Only commitments under this tier (slug)."),
        p.SlugParam("actor", "Only commitments this actor leads or joins (slug)."),
        p.SlugParam("source", "Only commitments citing this source (key)."),
        YEAR,
        p.ChoiceParam("category", "Only this category.", choices=tuple(Commitment.Category.values)),
        p.ChoiceParam("progress", "Only this progress.", choices=tuple(Progress.values)),
        p.ChoiceParam("legal_form", "Only this legal form.", choices=tuple(LegalForm.values)),
        p.ChoiceParam(
            "condition", "Only this condition.", choices=tuple(Commitment.Condition.values)
        ),
    ),
    apply_filters=filter_commitments,
    updated_since=commitments_updated_since,
    fields=(
        Field("slug", SLUG, attr("slug")),
        text_field("title"),
        text_field("description"),
        Field("tier", SLUG, lambda record, ctx: record.tier.slug, "Slug of the tier."),
        Field("category", enum(Commitment.Category), attr("category")),
        Field(
            "amount",
            {"type": "string", "nullable": True, "pattern": r"^[0-9]+\.[0-9]{2}$"},
            lambda record, ctx: None if record.amount is None else f"{record.amount:.2f}",
            "The amount a source states, as a decimal string; null if none.",
        ),
        text_field("currency", "ISO 4217 code of the amount, or empty."),
        partial_date("announced", "When it was first announced."),
        related_slug("lead_actor", description="Slug of the lead actor, if any."),
        related_slugs("actors", description="Slugs of the actors that made or joined it."),
        related_slugs("sources", key="key", description="Keys of its sources."),
        Field(
            "progress",
            enum(Progress, blank=True),
            attr("progress"),
            "From the latest published status change; empty until there is one.",
        ),
        Field("legal_form", enum(LegalForm, blank=True), attr("legal_form")),
        Field("condition", enum(Commitment.Condition), attr("condition")),
        text_field("condition_description"),
        Field("condition_triggered", {"type": "boolean"}, attr("condition_triggered")),
        Field(
            "status_changes",
            {"type": "array", "items": {"$ref": "#/components/schemas/StatusChange"}},
            lambda record, ctx: [
                status_change_dict(change, ctx) for change in record.status_changes.all()
            ],
            "Its published timeline, oldest first.",
        ),
        api_url("commitment-detail", "slug"),
        PAGE_URL,
        UPDATED_AT,
        CITATION_FIELD,
    ),
)

STATEMENTS = Resource(
    name="statements",
    schema_name="Statement",
    model=Statement,
    lookup="slug",
    queryset=published.statements,
    tables=(Statement,),
    description="What actors said, word for word, with translations and sources.",
    filters=(
        p.SlugParam("speaker", "Only statements by this actor (slug)."),
        p.SlugParam("tier", "Only statements about this tier (slug)."),
        p.SlugParam("commitment", "Only statements about this commitment (slug)."),
        p.SlugParam("source", "Only statements citing this source (key)."),
        YEAR,
        p.PatternParam(
            "language", "Only quotes in this language (ISO 639 code).", pattern=r"^[a-z]{2,3}$"
        ),
        p.TextParam("q", "Words to search for in the quote and its translation."),
    ),
    apply_filters=filter_statements,
    fields=(
        Field("slug", SLUG, attr("slug")),
        Field("speaker", SLUG, lambda record, ctx: record.speaker.slug, "Slug of the speaker."),
        related_slug("on_behalf_of", description="Slug of the actor spoken for, if any."),
        text_field("speaker_role", "The speaker's role at the time."),
        partial_date("said", "When it was said."),
        text_field("occasion"),
        text_field("quote", "Word for word, in its original language."),
        Field("language", {"type": "string"}, attr("language"), "ISO 639 code of the quote."),
        text_field("translation", "English translation, when the quote is not in English."),
        text_field("translated_by"),
        related_slugs("tiers", description="Slugs of the tiers it concerns."),
        related_slugs("commitments", description="Slugs of the commitments it concerns."),
        related_slugs("sources", key="key", description="Keys of its sources."),
        api_url("statement-detail", "slug"),
        PAGE_URL,
        UPDATED_AT,
        CITATION_FIELD,
    ),
)

RESOURCES = (TIERS, ACTORS, MEMBERSHIPS, SOURCES, COMMITMENTS, STATEMENTS)

CITATION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["permalink", "title", "accessed", "text", "bibtex"],
    "properties": {
        "permalink": URI,
        "title": STRING,
        "accessed": {"type": "string", "format": "date"},
        "text": {**STRING, "description": "The citation as plain text."},
        "bibtex": {**STRING, "description": "The citation as a BibTeX @misc entry."},
    },
}
