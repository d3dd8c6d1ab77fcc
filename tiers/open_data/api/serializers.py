"""What the API returns for each record type: its fields, in order, with their schemas.

The declared fields give the OpenAPI document; ``PlainSerializer`` reads their values with one
getter per field, worked out once per response, instead of DRF's general machinery per value:
the fields and their order stay exactly as declared, at a fraction of the cost per record.
"""

import operator
from functools import cached_property

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import (
    Actor,
    Commitment,
    Figure,
    LegalForm,
    Membership,
    Progress,
    Source,
    Statement,
    Tier,
)
from ...models import StatusChange as StatusChangeModel
from ...models.figure import plain_value
from ...translation import column, translated_fields
from .fields import (
    NULLABLE_SLUG,
    PARTIAL_DATE,
    ApiUrlField,
    CitationField,
    InstantField,
    KeyField,
    KeyListField,
    LinkField,
    PageUrlField,
    PartialDateField,
    PublicKeyColumnField,
    PublicKeyField,
)
from .languages import FALLBACK, TextLanguagesField


def optional_date(get):
    def value(record):
        date = get(record)
        return date.isoformat() if date else None

    return value


def nested(field, read):
    """A list of nested records (``many=True``, a list tiers/published.py loaded), each read by its
    serializer."""
    get, child = read(field.source), field.child
    return lambda record: [child.to_representation(item) for item in get(record)]


def localized(read, name: str, language: str):
    """A translated text in ``language``, else in English, as modeltranslation's fallback reads
    it (empty when neither is given), from the columns themselves (``name_uk``, ``name_en``)."""
    fallback = read(column(name, FALLBACK))
    if language == FALLBACK:
        return lambda record: fallback(record) or ""
    own = read(column(name, language))
    return lambda record: own(record) or fallback(record) or ""


# Fields whose value is the attribute as it is (choices are stored as their values).
PLAIN_VALUE_FIELDS = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.BooleanField,
    serializers.ChoiceField,
)


def renewed(field):
    """A new field from ``field``'s arguments: for these read-only fields, whose arguments nothing
    changes, the same as the deep copy DRF makes for every serializer, at a fraction of the cost.
    A list of nested records (``many=True``) gets a new child the same way."""
    if isinstance(field, serializers.ListSerializer):
        return type(field)(*field._args, **{**field._kwargs, "child": renewed(field.child)})
    return type(field)(*field._args, **field._kwargs)


class PlainSerializer(serializers.Serializer):
    # What the records are: model instances, or the dictionaries of a ``values()`` query
    # (tiers/published.py reads the lists a page prints that way).
    rows = False

    def get_fields(self):
        return {name: renewed(field) for name, field in self._declared_fields.items()}

    @cached_property
    def getters(self):
        """A function per field, worked out once per response, in the language of its records."""
        read = operator.itemgetter if self.rows else operator.attrgetter
        language = get_language()
        languages = self.fields.get("text_languages")
        translated = set(translated_fields(languages.model)) if languages else set()
        getters = []
        for name, field in self.fields.items():
            if hasattr(field, "getter"):  # the fields of tiers/open_data/api/fields.py
                getter = field.getter(read)
            elif isinstance(field, serializers.ListSerializer):
                getter = nested(field, read)
            elif isinstance(field, serializers.DateField):
                getter = optional_date(read(field.source))
            elif field.source in translated:
                getter = localized(read, field.source, language)
            elif isinstance(field, PLAIN_VALUE_FIELDS):
                getter = read(field.source)
            else:
                raise TypeError(f"{type(self).__name__}.{name}: no plain getter for {field!r}")
            getters.append((name, getter))
        return getters

    def to_representation(self, instance):
        return {name: get(instance) for name, get in self.getters}


def text(**kwargs):
    return serializers.CharField(read_only=True, **kwargs)


def choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices, read_only=True, **kwargs)


class TierSerializer(PlainSerializer):
    slug = KeyField()
    number = serializers.IntegerField(min_value=0, read_only=True)
    name = text()
    summary = text()
    description = text()
    text_languages = TextLanguagesField(Tier)
    api_url = ApiUrlField("api:tier-detail", "slug")
    page_url = PageUrlField()
    updated_at = InstantField(help_text="Last change.")
    citation = CitationField(help_text="How to cite the record page.")


class ActorSerializer(PlainSerializer):
    slug = KeyField()
    name = text()
    short_name = text()
    kind = choice(Actor.Kind.choices)
    iso_code = text(help_text="ISO 3166-1 alpha-2 code (states only), or empty.")
    wikidata_id = text(help_text="Wikidata identifier (Q…), or empty.")
    description = text()
    text_languages = TextLanguagesField(Actor)
    api_url = ApiUrlField("api:actor-detail", "slug")
    page_url = PageUrlField()
    updated_at = InstantField(help_text="Last change.")
    citation = CitationField(help_text="How to cite the record page.")


class MembershipSerializer(PlainSerializer):
    id = serializers.IntegerField(read_only=True)
    member = KeyField(source="member.slug")
    organisation = KeyField(source="organisation.slug")
    role = choice(Membership.Role.choices)
    title = text(help_text="The position's title, for a position.")
    start = PartialDateField("start")
    end = PartialDateField("end")
    source = PublicKeyField(key="key", help_text="Key of the source.")
    text_languages = TextLanguagesField(Membership)
    api_url = ApiUrlField("api:membership-detail", "id")
    updated_at = InstantField(help_text="Last change.")


class SourceSerializer(PlainSerializer):
    key = KeyField()
    title = text()
    publisher = text()
    url = LinkField(
        help_text="Where the source can be read (http or https); empty for a document without one."
    )
    kind = choice(Source.Kind.choices)
    published = PartialDateField("published")
    archived_url = LinkField(help_text="A copy in a web archive (http or https), or empty.")
    accessed_on = serializers.DateField(allow_null=True, read_only=True)
    api_url = ApiUrlField("api:source-detail", "key")
    page_url = PageUrlField()
    updated_at = InstantField(help_text="Last change.")
    citation = CitationField(help_text="How to cite the record page.")


@extend_schema_field({**NULLABLE_SLUG, "description": "Slug of the evidence statement."})
class EvidenceField(PublicKeyColumnField):
    """A statement cited as evidence shows only when it and its speaker are published."""


@extend_schema_field({**PARTIAL_DATE, "nullable": False})
class KnownDateField(PartialDateField):
    """A partial date that is always given."""


# A change in a commitment's timeline, as ``published.commitment_relations`` loads it (no
# docstring: it would become the schema's description).
class StatusChangeSerializer(PlainSerializer):
    id = serializers.IntegerField(read_only=True)
    occurred = KnownDateField("occurred")
    progress = choice(Progress.choices)
    legal_form = choice(LegalForm.choices, allow_blank=True, help_text="Empty if unchanged.")
    summary = text()
    source = PublicKeyColumnField(
        source="source_key", help_text="Key of the source that reports it."
    )
    statement = EvidenceField(source="statement_slug")
    text_languages = TextLanguagesField(StatusChangeModel)
    updated_at = InstantField()

    rows = True


DECIMAL = {
    "type": "string",
    "pattern": r"^[0-9]+(\.[0-9]+)?$",
    "description": "The value as the source states it, as a decimal string: 1500000000, 0.25.",
}


@extend_schema_field(DECIMAL)
class DecimalTextField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return plain_value(value)

    def getter(self, read):
        get = read(self.source)
        return lambda record: plain_value(get(record))


# The fields every figure shows, wherever it is listed, in order (no docstring: it would become
# the schema's description).
class FigureFieldsSerializer(PlainSerializer):
    key = KeyField()
    status_change = serializers.IntegerField(
        source="status_change_id",
        allow_null=True,
        read_only=True,
        help_text="Id of the status change in the commitment's timeline that reports it.",
    )
    kind = choice(Figure.Kind.choices)
    value = DecimalTextField()
    currency = text(help_text="ISO 4217 code, for money; empty otherwise.")
    unit = text(help_text="What a quantity counts; empty otherwise.")
    period_start = PartialDateField("period_start", help_text="When its period starts.")
    period_end = PartialDateField("period_end", help_text="When its period ends.")
    source = PublicKeyColumnField(source="source_key", help_text="Key of the source that gives it.")
    rank = choice(
        Figure.Rank.choices,
        help_text="Preferred, normal or deprecated, as Wikidata ranks a value among others.",
    )
    note = text()
    text_languages = TextLanguagesField(Figure)
    updated_at = InstantField(help_text="Last change.")


# A figure in a commitment's list, from the dictionaries of ``published.figure_rows``.
class CommitmentFigureSerializer(FigureFieldsSerializer):
    rows = True


class FigureSerializer(FigureFieldsSerializer):
    commitment = KeyField(source="commitment_slug", help_text="Slug of the commitment.")
    api_url = ApiUrlField("api:figure-detail", "key")


class CommitmentSerializer(PlainSerializer):
    slug = KeyField()
    title = text()
    description = text()
    tier = KeyField(source="tier_slug", help_text="Slug of the tier.")
    category = choice(Commitment.Category.choices)
    announced = PartialDateField("announced", help_text="When it was first announced.")
    lead_actor = PublicKeyColumnField(
        source="lead_actor_slug", help_text="Slug of the lead actor, if any."
    )
    actors = KeyListField(
        source="actor_slugs", help_text="Slugs of the actors that made or joined it."
    )
    sources = KeyListField(source="source_keys", help_text="Keys of its sources.")
    progress = choice(
        Commitment.Progress.choices,
        allow_blank=True,
        help_text="From the latest published status change; empty until there is one.",
    )
    legal_form = choice(Commitment.LegalForm.choices, allow_blank=True)
    condition = choice(Commitment.Condition.choices)
    condition_description = text()
    condition_triggered = serializers.BooleanField(read_only=True)
    status_changes = StatusChangeSerializer(
        source="timeline",
        many=True,
        read_only=True,
        help_text="Its published timeline, oldest first.",
    )
    figures = CommitmentFigureSerializer(
        source="figure_list",
        many=True,
        read_only=True,
        help_text="Its figures, each with its own source: where sources disagree, one per source.",
    )
    text_languages = TextLanguagesField(Commitment)
    api_url = ApiUrlField("api:commitment-detail", "slug")
    page_url = PageUrlField()
    updated_at = InstantField(help_text="Last change.")
    citation = CitationField(help_text="How to cite the record page.")


class QuoteTranslationSerializer(PlainSerializer):
    language = text(help_text="ISO 639 code of the translation.")
    text = text()
    printed_by = PublicKeyField(
        source="source",
        key="key",
        help_text="Key of the source that printed it; null when this project translated it.",
    )
    by_project = serializers.BooleanField(
        read_only=True, help_text="Whether this project made the translation."
    )


class StatementSerializer(PlainSerializer):
    slug = KeyField()
    speaker = KeyField(source="speaker.slug", help_text="Slug of the speaker.")
    on_behalf_of = PublicKeyColumnField(
        source="on_behalf_of_slug", help_text="Slug of the actor spoken for, if any."
    )
    speaker_role = text(help_text="The speaker's role at the time.")
    said = PartialDateField("said", help_text="When it was said.")
    occasion = text()
    place = text()
    quote = text(help_text="Word for word, in its original language.")
    language = text(help_text="ISO 639 code of the quote.")
    translated_by = text(
        help_text="Only when the quote as stored is itself a translation: who made it."
    )
    translations = QuoteTranslationSerializer(
        source="translation_list",
        many=True,
        read_only=True,
        help_text="The quote in other languages.",
    )
    text_languages = TextLanguagesField(Statement)
    tiers = KeyListField(source="tier_slugs", help_text="Slugs of the tiers it concerns.")
    commitments = KeyListField(
        source="commitment_slugs", help_text="Slugs of the commitments it concerns."
    )
    sources = KeyListField(source="source_keys", help_text="Keys of its sources.")
    api_url = ApiUrlField("api:statement-detail", "slug")
    page_url = PageUrlField()
    updated_at = InstantField(help_text="Last change.")
    citation = CitationField(help_text="How to cite the record page.")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages for each query parameter that is not valid.",
    )
