"""The filters of the pages that answer across records (tiers/answers.py): who is in what, the
map and the comparison. They narrow what ``who_is_in_what`` counts rather than a queryset."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..answers import ROW_KINDS
from ..models import Actor, Commitment
from .base import ChoiceFilter, ReaderFilterSet
from .records import choice_filter, tier_filter

SORTS = [
    ("actor", _("States first, then by name")),
    ("agreement", _("Bilateral agreement, earliest first")),
    ("troops", _("Troop position")),
    ("purl", _("PURL contributors first")),
]
MAX_COMPARED = 4


class AnswersFilter(ReaderFilterSet):
    tier = tier_filter("")
    category = choice_filter(Commitment.Category.choices, _("Category"), _("All categories"), "")
    kind = choice_filter(
        [(value, label) for value, label in Actor.Kind.choices if value in ROW_KINDS],
        _("Kind of actor"),
        _("All kinds"),
        "",
    )
    sort = ChoiceFilter(choices=SORTS, empty_label=None, label=_("Sort by"))

    class Meta:
        model = Actor
        fields = []

    def filter_queryset(self, queryset):
        return queryset  # the values narrow who_is_in_what (valid_filters), not a queryset


SHOWS = [
    ("agreement", _("Bilateral agreement with Ukraine")),
    ("troops", _("Troops to Ukraine")),
    ("compact", _("Ukraine Compact")),
    ("coalition", _("Coalition of the willing")),
    ("purl", _("PURL")),
]


class MapFilter(AnswersFilter):
    """The map shows states only, coloured by one answer."""

    show = ChoiceFilter(choices=SHOWS, empty_label=None, label=_("Colour the countries by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["kind"], self.filters["sort"]

    def valid_filters(self) -> dict:
        return super().valid_filters() | {"kind": "state"}


class ActorsField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        chosen = super().clean(value)
        if value and not 2 <= len(chosen) <= MAX_COMPARED:
            raise ValidationError(
                _("Choose between two and %(most)s actors to compare; you chose %(chosen)s.")
                % {"most": MAX_COMPARED, "chosen": len(chosen)}
            )
        return chosen


class ActorsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ActorsField


class CompareFilter(ReaderFilterSet):
    actor = ActorsFilter(
        # Whole rows: the chosen actors are the comparison's columns.
        queryset=lambda request=None: Actor.objects.public().order_by("name"),
        to_field_name="slug",
        label=_("Actors to compare"),
        help_text=_("Two to four; hold Ctrl or Cmd to choose several."),
    )

    class Meta:
        model = Actor
        fields = []

    def filter_queryset(self, queryset):
        return queryset
