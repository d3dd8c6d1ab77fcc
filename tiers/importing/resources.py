"""One resource per record type: its columns, natural key and rules of its own.

A type's columns are its declared fields, in order, then ``visibility`` (``ColumnsMetaclass``):
the import and download files, and the admin's forms (``form_fields``), follow them. A translated
text has a column per language (tiers/translation.py): ``title`` holds the English,
``title_uk`` the Ukrainian. A file without a ``_uk`` column leaves those texts as they are.

What every type shares (the header check, lookups, row checks, bulk writes, history) is
``engine.RecordResource``; the steps of an import are described there.
"""

from import_export.fields import Field

from ..models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
)
from .columns import (
    DateWidget,
    DecimalWidget,
    PartialDateField,
    WholeNumberWidget,
    YesNoWidget,
    choice,
    reference,
    references,
    status_change_reference,
    text,
    translated,
)
from .engine import RecordResource
from .quote_translations import QuoteTranslationColumns, translation_fields

# -- The record types, in the order their files import ----------------------------------------


class TierResource(RecordResource):
    type_name = "tiers"
    key_fields = ("number",)
    required_columns = ("number", "name", "slug", "summary")

    number = Field(column_name="number", widget=WholeNumberWidget())
    name, name_uk = translated("name")
    slug = text()
    summary, summary_uk = translated("summary")
    description, description_uk = translated("description")

    class Meta:
        model = Tier


class SourceResource(RecordResource):
    type_name = "sources"
    key_fields = ("key",)
    required_columns = ("key", "title", "kind")

    key = text()
    title = text()
    publisher = text()
    url = text()
    kind = choice(Source.Kind.choices, "kind of source")
    published = PartialDateField("published")
    archived_url = text(column="archived url")
    accessed_on = Field(column_name="accessed", widget=DateWidget())

    class Meta:
        model = Source


class ActorResource(RecordResource):
    type_name = "actors"
    key_fields = ("slug",)
    required_columns = ("slug", "name", "kind")

    slug = text()
    name, name_uk = translated("name")
    short_name, short_name_uk = translated("short_name", column="short name")
    kind = choice(Actor.Kind.choices, "kind of actor")
    iso_code = text(column="iso code")
    wikidata_id = text(column="wikidata id")
    description, description_uk = translated("description")

    class Meta:
        model = Actor


class MembershipResource(RecordResource):
    type_name = "memberships"
    key_fields = ("member", "organisation", "role", "start")
    required_columns = ("member", "in", "role", "start")

    member = reference("member", "actor", "actor with slug", "slug")
    organisation = reference("organisation", "actor", "actor with slug", "slug", column="in")
    role = choice(Membership.Role.choices, "role")
    title, title_uk = translated("title")
    start = PartialDateField("start")
    end = PartialDateField("end")
    source = reference("source", "source", "source with key or URL", "key")

    class Meta:
        model = Membership


class CommitmentResource(RecordResource):
    type_name = "commitments"
    key_fields = ("slug",)
    required_columns = ("slug", "tier", "title", "category")

    slug = text()
    tier = reference("tier", "tier", "tier with number", "number")
    title, title_uk = translated("title")
    description, description_uk = translated("description")
    category = choice(Commitment.Category.choices, "category")
    announced = PartialDateField("announced")
    lead_actor = reference("lead_actor", "actor", "actor with slug", "slug", column="lead actor")
    actors = references("actors", "actor", "actor with slug", "slug")
    sources = references("sources", "source", "source with key or URL", "key")
    condition = choice(
        Commitment.Condition.choices, "condition", default=Commitment.Condition.UNCONDITIONAL
    )
    condition_description, condition_description_uk = translated(
        "condition_description", column="condition in words"
    )
    condition_triggered = Field(
        column_name="condition triggered", widget=YesNoWidget(), default=False
    )
    troop_position = choice(
        Commitment.TroopPosition.choices, "troop position", column="troop position", default=""
    )
    term_years = Field(column_name="term in years", widget=WholeNumberWidget())
    # Where the commitment stands, from its published status changes: written out for readers,
    # ignored on import (the status-changes file carries the changes themselves).
    progress = choice(Commitment.Progress.choices, "progress", readonly=True)
    progress_since = PartialDateField("progress_since", "progress since", readonly=True)
    legal_form = choice(
        Commitment.LegalForm.choices, "legal form", column="legal form", readonly=True
    )

    class Meta:
        model = Commitment


class StatementResource(QuoteTranslationColumns, RecordResource):
    type_name = "statements"
    key_fields = ("slug",)
    required_columns = ("slug", "speaker", "quote")

    slug = text()
    speaker = reference("speaker", "actor", "actor with slug", "slug")
    speaker_role = text(column="speaker role")
    on_behalf_of = reference(
        "on_behalf_of", "actor", "actor with slug", "slug", column="on behalf of"
    )
    said = PartialDateField("said")
    occasion, occasion_uk = translated("occasion")
    place, place_uk = translated("place")
    quote = text()
    language = text(default="en")
    translated_by = text(column="translated by")
    locals().update(translation_fields())  # translation en, translation en printed by, …
    tiers = references("tiers", "tier", "tier with number", "number")
    commitments = references("commitments", "commitment", "commitment with slug", "slug")
    sources = references("sources", "source", "source with key or URL", "key")

    class Meta:
        model = Statement


class StatusChangeResource(RecordResource):
    type_name = "status-changes"
    key_fields = ("commitment", "occurred", "progress")
    required_columns = ("commitment", "occurred", "progress", "summary")

    commitment = reference("commitment", "commitment", "commitment with slug", "slug")
    occurred = PartialDateField("occurred")
    progress = choice(Commitment.Progress.choices, "progress")
    legal_form = choice(Commitment.LegalForm.choices, "legal form", column="legal form")
    summary, summary_uk = translated("summary")
    source = reference("source", "source", "source with key or URL", "key")
    statement = reference("statement", "statement", "statement with slug", "slug")

    class Meta:
        model = StatusChange

    def after_import(self, dataset, result, **kwargs):
        # bulk_create bypasses StatusChange.save(): set each commitment's state from its changes.
        commitment_ids = {change.commitment_id for change in self.written}
        if commitment_ids:
            Commitment.objects.filter(pk__in=commitment_ids).refresh_states()


class FigureResource(RecordResource):
    type_name = "figures"
    key_fields = ("key",)
    required_columns = ("key", "commitment", "kind", "value")

    key = text()
    commitment = reference("commitment", "commitment", "commitment with slug", "slug")
    status_change = status_change_reference("status_change", column="status change")
    kind = choice(Figure.Kind.choices, "kind of figure")
    value = Field(column_name="value", widget=DecimalWidget())
    currency = text()
    unit = text()
    period_start = PartialDateField("period_start", column_name="period start")
    period_end = PartialDateField("period_end", column_name="period end")
    source = reference("source", "source", "source with key or URL", "key")
    rank = choice(Figure.Rank.choices, "rank", default=Figure.Rank.NORMAL)
    note, note_uk = translated("note")

    class Meta:
        model = Figure


# Dependency order: each type refers only to types before it.
RESOURCES = {
    resource.type_name: resource
    for resource in [
        TierResource,
        SourceResource,
        ActorResource,
        MembershipResource,
        CommitmentResource,
        StatementResource,
        StatusChangeResource,
        FigureResource,
    ]
}
