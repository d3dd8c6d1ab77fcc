"""One filter definition per record type, for the public lists' forms and for the API.

Which records a filter may name comes from the models' public querysets; what a filter does to a
list, from the querysets' reader vocabulary (``filter_for_readers``, ``named``, ``search``).
"""

from django.db.models import Exists, F, OuterRef
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ..models import Actor, Commitment, Figure, Membership, Source, Statement, Tier
from ..models.search import SEARCH_RANKED
from .base import (
    ChoiceFilter,
    CodeFilter,
    HiddenRecordFilter,
    ReaderFilterSet,
    RecordFilter,
    TextFilter,
    YearFilter,
)
from .fields import SuggestInput

LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"


def public_tiers(request=None):
    return Tier.objects.public()


def public_actors(request=None):
    # Only what the options show: hundreds of actors are built for every render.
    return Actor.objects.public().only("pk", "slug", "name")


def public_sources(request=None):
    return Source.objects.public()


def public_commitments(request=None):
    return Commitment.objects.public()


def speakers(request=None):
    return public_actors().filter(Exists(Statement.objects.public().filter(speaker=OuterRef("pk"))))


def actor_widget():
    # Thousands of actors: suggested by name as the reader types, never listed in a menu.
    return SuggestInput("api:actors-list")


ACTOR_HELP = _("Type part of a name and pick the actor from the suggestions.")


def tier_filter(description):
    return RecordFilter(
        queryset=public_tiers,
        method="for_readers",
        label=_("Tier"),
        empty_label=_("All tiers"),
        description=description,
    )


def source_filter(description):
    return HiddenRecordFilter(
        queryset=public_sources, to_field_name="key", method="for_readers", description=description
    )


def year_filter(label, description):
    return YearFilter(method="for_readers", label=label, description=description)


def choice_filter(choices, label, empty_label, description):
    return ChoiceFilter(
        choices=choices, label=label, empty_label=empty_label, description=description
    )


class CommitmentFilter(ReaderFilterSet):
    tier = tier_filter("Only commitments under this tier (slug).")
    actor = RecordFilter(
        queryset=public_actors,
        method="for_readers",
        label=_("Actor"),
        widget=actor_widget(),
        help_text=ACTOR_HELP,
        description="Only commitments this actor leads or joins (slug).",
    )
    category = choice_filter(
        Commitment.Category.choices,
        _("Category"),
        _("All categories"),
        "Only this category.",
    )
    progress = choice_filter(
        Commitment.Progress.choices, _("Progress"), _("Any progress"), "Only this progress."
    )
    legal_form = choice_filter(
        Commitment.LegalForm.choices,
        _("Legal form"),
        _("Any legal form"),
        "Only this legal form.",
    )
    condition = choice_filter(
        Commitment.Condition.choices,
        _("Condition"),
        _("Any condition"),
        "Only this condition.",
    )
    year = year_filter(_("Year announced"), "Only commitments announced in this year.")
    source = source_filter("Only commitments citing this source (key).")

    class Meta:
        model = Commitment
        fields = []


class CommitmentListFilter(CommitmentFilter):
    """The commitments page adds its sort order (the API keeps its own, by id)."""

    # Unknown dates go last either way, on PostgreSQL as on SQLite. Without a sort: newest.
    SORTS = {
        "newest": (F("announced_on").desc(nulls_last=True), "title", "pk"),
        "oldest": (F("announced_on").asc(nulls_last=True), "title", "pk"),
        "title": ("title", "pk"),
    }

    sort = ChoiceFilter(
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title A–Z")),
        ],
        empty_label=None,
        method="sort_by",
        label=_("Sort by"),
    )

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value])


class StatementFilter(ReaderFilterSet):
    # First in the form; applied last (filter_queryset).
    q = TextFilter(
        method="search",
        label=_("Search the words"),
        help_text=_('Use "quotes" for a phrase, or to match either word, and -word to exclude.'),
        description=(
            "Words to search for in the quote, its translations (any language) and the "
            "speaker's name."
        ),
    )
    speaker = RecordFilter(
        queryset=speakers,
        method="for_readers",
        label=_("Speaker"),
        widget=actor_widget(),
        help_text=ACTOR_HELP,
        description="Only statements by this actor (slug).",
    )
    tier = tier_filter("Only statements about this tier (slug).")
    year = year_filter(_("Year"), "Only statements made in this year.")
    language = CodeFilter(
        pattern=LANGUAGE_PATTERN,
        method="for_readers",
        label=_("Language of the quote"),
        description="Only quotes in this language (ISO 639 code).",
    )
    source = source_filter("Only statements citing this source (key).")
    commitment = HiddenRecordFilter(
        queryset=public_commitments,
        method="about_commitment",
        description="Only statements about this commitment (slug).",
    )

    class Meta:
        model = Statement
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.strict:
            # The pages offer the languages there are; the API checks only the code's shape.
            self.filters["language"].extra["choices"] = [
                ("", _("All languages")),
                *language_choices(),
            ]

    def filter_queryset(self, queryset):
        # The search goes last, so that the newest matches it ranks are those that the other
        # filters leave.
        text = self.form.cleaned_data.pop("q", "")
        try:
            queryset = super().filter_queryset(queryset)
        finally:
            self.form.cleaned_data["q"] = text
        return self.search(queryset, "q", text) if text else queryset

    def search(self, queryset, name, value):
        # The pages rank the newest SEARCH_RANKED matches; the API returns every match.
        if self.strict:
            return queryset.search(value, extent=self.extent)
        return queryset.search(value, newest=SEARCH_RANKED)

    @staticmethod
    def about_commitment(queryset, name, value):
        return queryset.filter(commitments=value)


def language_choices():
    return [(code, language_name(code)) for code in Statement.objects.public().languages()]


def language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


class ActorFilter(ReaderFilterSet):
    q = TextFilter(
        method="named",
        label=_("Name contains"),
        description="Only actors whose name or short name contains this text.",
    )
    kind = choice_filter(Actor.Kind.choices, _("Kind"), _("All kinds"), "Only actors of this kind.")

    class Meta:
        model = Actor
        fields = []

    @staticmethod
    def named(queryset, name, value):
        return queryset.named(value)


class MembershipFilter(ReaderFilterSet):
    # Only the API lists memberships: no page shows these labels.
    member = RecordFilter(
        queryset=public_actors, description="Only places held by this actor (slug)."
    )
    organisation = RecordFilter(
        queryset=public_actors, description="Only places in this organisation (slug)."
    )
    role = ChoiceFilter(choices=Membership.Role.choices, description="Only this role.")

    class Meta:
        model = Membership
        fields = []


class SourceFilter(ReaderFilterSet):
    # Only the API lists sources.
    kind = ChoiceFilter(choices=Source.Kind.choices, description="Only sources of this kind.")

    class Meta:
        model = Source
        fields = []


class FigureFilter(ReaderFilterSet):
    # Only the API lists figures; pages show them on their commitment's page.
    commitment = RecordFilter(
        queryset=public_commitments, description="Only figures of this commitment (slug)."
    )
    tier = RecordFilter(
        queryset=public_tiers,
        field_name="commitment__tier",
        description="Only figures of commitments under this tier (slug).",
    )
    kind = ChoiceFilter(choices=Figure.Kind.choices, description="Only figures of this kind.")
    currency = CodeFilter(
        pattern=CURRENCY_PATTERN, description="Only amounts in this currency (ISO 4217 code)."
    )
    rank = ChoiceFilter(choices=Figure.Rank.choices, description="Only figures of this rank.")
    source = RecordFilter(
        queryset=public_sources,
        to_field_name="key",
        description="Only figures this source gives (key).",
    )

    class Meta:
        model = Figure
        fields = []


class TierFilter(ReaderFilterSet):
    class Meta:
        model = Tier
        fields = []


class TimelineFilter(ReaderFilterSet):
    """The timeline's events come from three record types; the form names a tier or an actor."""

    tier = tier_filter("")
    actor = RecordFilter(
        queryset=public_actors, label=_("Actor"), widget=actor_widget(), help_text=ACTOR_HELP
    )

    class Meta:
        model = Commitment
        fields = []
