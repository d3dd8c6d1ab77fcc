"""The filters of the pages that answer across records (tiers/answers.py): who is in what, the
map and the comparison. They narrow what ``who_is_in_what`` counts rather than a queryset."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from ..answers import ROW_KINDS
from ..models import Actor, Commitment
from .base import ChoiceFilter, ReaderFilterSet
from .fields import SuggestInput
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


class ActorInputs(SuggestInput):
    """``MAX_COMPARED`` fields of the same name, each an actor typed by its slug with suggestions
    by name (static/js/suggest.js): the comparison never builds a menu of every actor."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return [value for value in values if value.strip()]

    def value_omitted_from_data(self, data, files, name):
        return False  # none given is a choice of none, as for a multiple select

    def render(self, name, value, attrs=None, renderer=None):
        values = list(value or [])[:MAX_COMPARED]
        values += [""] * (MAX_COMPARED - len(values))
        attrs = self.build_attrs(self.attrs, attrs)
        first_id = attrs.get("id", name)
        fields = []
        for n, chosen in enumerate(values, start=1):
            field_id = first_id if n == 1 else f"{first_id}_{n}"
            field_attrs = attrs | {
                "id": field_id,
                "type": self.input_type,
                "list": f"{field_id}-suggestions",
                "autocomplete": "off",
                "spellcheck": "false",
                "data-suggest": reverse(self.api_list),
            }
            if n > 1:  # the first is named by the field's label
                field_attrs["aria-label"] = gettext_now("Actor %(n)s to compare") % {"n": n}
            fields.append((name, chosen, flatatt(field_attrs), field_id))
        inputs = format_html_join(
            "",
            '<input name="{}" value="{}"{}><datalist id="{}-suggestions"></datalist>',
            fields,
        )
        return format_html('{}<script src="{}" defer></script>', inputs, static("js/suggest.js"))


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
        # Whole rows of the chosen actors only (the comparison's columns): no menu lists them all.
        queryset=lambda request=None: Actor.objects.public().order_by("name"),
        to_field_name="slug",
        label=_("Actors to compare"),
        help_text=_("Two to four: type part of each name, then pick from the suggestions."),
        widget=ActorInputs("api:actors-list"),
    )

    class Meta:
        model = Actor
        fields = []

    def filter_queryset(self, queryset):
        return queryset
