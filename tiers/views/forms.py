"""Filter forms of the public lists. Every filter lives in the URL, so any view can be shared.

An invalid value is reported beside its control and ignored; the other filters still apply.
"""

from django import forms
from django.db.models import Exists, F, OuterRef
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ..models import Actor, Commitment, Source, Statement, Tier

YEAR_BOUNDS = {"min_value": 1991, "max_value": 2100}


def _with_all(label, choices):
    return [("", label), *choices]


class ReaderFilterForm(forms.Form):
    def filters(self) -> dict:
        """The valid, non-empty filters, ready for the querysets' ``filter_for_readers``."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "")}


class LongSelect(forms.Select):
    """A select rendered in Python: Django renders each option through a template, which costs
    a tenth of a millisecond each, too much for the hundreds of actors in a filter."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], SELECTED if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


SELECTED = format_html(" {}", "selected")


def tier_field():
    return forms.ModelChoiceField(
        Tier.objects.public(),
        to_field_name="slug",
        required=False,
        label=_("Tier"),
        empty_label=_("All tiers"),
    )


def actor_field(queryset=None, label=None, empty_label=None):
    queryset = queryset if queryset is not None else Actor.objects.public()
    return forms.ModelChoiceField(
        # Only what the options show: hundreds of actors are built for every render.
        queryset.only("pk", "slug", "name"),
        to_field_name="slug",
        required=False,
        label=label or _("Actor"),
        empty_label=empty_label or _("All actors"),
        widget=LongSelect,
    )


def year_field(label):
    return forms.IntegerField(required=False, label=label, **YEAR_BOUNDS)


def source_field():
    """Set by the links on a source's page; carried along as the other filters change."""
    return forms.ModelChoiceField(
        Source.objects.public(), to_field_name="key", required=False, widget=forms.HiddenInput
    )


class CommitmentFilterForm(ReaderFilterForm):
    # Unknown dates go last either way, on PostgreSQL as on SQLite.
    SORTS = {
        "newest": (F("announced_on").desc(nulls_last=True), "title", "pk"),
        "oldest": (F("announced_on").asc(nulls_last=True), "title", "pk"),
        "title": ("title", "pk"),
    }

    tier = tier_field()
    actor = actor_field()
    category = forms.ChoiceField(
        choices=_with_all(_("All categories"), Commitment.Category.choices),
        required=False,
        label=_("Category"),
    )
    progress = forms.ChoiceField(
        choices=_with_all(_("Any progress"), Commitment.Progress.choices),
        required=False,
        label=_("Progress"),
    )
    legal_form = forms.ChoiceField(
        choices=_with_all(_("Any legal form"), Commitment.LegalForm.choices),
        required=False,
        label=_("Legal form"),
    )
    condition = forms.ChoiceField(
        choices=_with_all(_("Any condition"), Commitment.Condition.choices),
        required=False,
        label=_("Condition"),
    )
    year = year_field(_("Year announced"))
    sort = forms.ChoiceField(
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title A–Z")),
        ],
        required=False,
        label=_("Sort by"),
    )
    source = source_field()

    def ordering(self):
        return self.SORTS[self.filters().get("sort") or "newest"]


class StatementFilterForm(ReaderFilterForm):
    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Search the words"),
        help_text=_('Use "quotes" for a phrase, or to match either word, and -word to exclude.'),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    speaker = actor_field(
        # One index probe per actor (on the statements' speaker) rather than a pass over them all.
        Actor.objects.public().filter(
            Exists(Statement.objects.public().filter(speaker=OuterRef("pk")))
        ),
        label=_("Speaker"),
        empty_label=_("All speakers"),
    )
    tier = tier_field()
    year = year_field(_("Year"))
    language = forms.ChoiceField(required=False, label=_("Language of the quote"))
    source = source_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Statement.objects.public().order_by("language").values_list("language", flat=True)
        self.fields["language"].choices = _with_all(
            _("All languages"), [(code, _language_name(code)) for code in codes.distinct()]
        )


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


class ActorFilterForm(ReaderFilterForm):
    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Name contains"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        choices=_with_all(_("All kinds"), Actor.Kind.choices), required=False, label=_("Kind")
    )


class TimelineFilterForm(ReaderFilterForm):
    tier = tier_field()
    actor = actor_field()
