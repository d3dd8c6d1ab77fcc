"""Form fields of the shared filters: each accepts exactly what its OpenAPI schema says.

The same field validates a public list's form (its error shown beside the control) and an API
query parameter (its error in a 400), so the two can never accept different values.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG_MAX_LENGTH = 200
# RFC 3339 date-time, as OpenAPI's "date-time" format means: a time zone is required.
INSTANT_PATTERN = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)


class NothingMatches:
    """What a filter naming a record that is not public cleans to: it matches no record."""

    def __repr__(self):
        return "NOTHING"


NOTHING = NothingMatches()


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


class SuggestInput(forms.TextInput):
    """A record typed by its slug, with suggestions by name from the API's list as the reader
    types (static/js/suggest.js): no page builds a menu of every actor. Without JavaScript it is
    a plain field for the slug, which the links from the records' pages fill in."""

    input_type = "search"

    def __init__(self, api_list: str, attrs=None):
        self.api_list = api_list  # the name of the API list's URL, e.g. "api:actors-list"
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        suggestions = f"{attrs.get('id', name)}-suggestions"
        attrs.update(
            {
                "list": suggestions,
                "autocomplete": "off",
                "spellcheck": "false",
                "data-suggest": reverse(self.api_list),
            }
        )
        field = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<datalist id="{}"></datalist><script src="{}" defer></script>',
            field,
            suggestions,
            static("js/suggest.js"),
        )


class WholeNumberField(forms.IntegerField):
    """Digits only: no sign, no decimal point, no spaces, no other scripts' digits."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[0-9]{1,9}", str(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(value)


class RecordField(forms.ModelChoiceField):
    """A public record by its natural key (slug or source key).

    A key of the right shape that names no public record is an error on the pages, where the
    choices are shown; in the API (``unknown_matches_nothing``) it cleans to ``NOTHING``, so the
    list is empty, as for a record that was unpublished since a client saved the address.
    """

    default_error_messages = {
        "not_a_key": _("“%(value)s” is not a slug: use letters, digits, hyphens, underscores."),
    }

    def __init__(self, queryset, *, unknown_matches_nothing=False, **kwargs):
        self.unknown_matches_nothing = unknown_matches_nothing
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if len(value) > SLUG_MAX_LENGTH or not re.fullmatch(SLUG_PATTERN, value):
            raise ValidationError(
                self.error_messages["not_a_key"], code="not_a_key", params={"value": value}
            )
        try:
            return super().to_python(value)
        except ValidationError as error:
            if self.unknown_matches_nothing and error.code == "invalid_choice":
                return NOTHING
            raise

    def validate(self, value):
        if value is not NOTHING:
            super().validate(value)


class CodeField(forms.ChoiceField):
    """A code of a given shape (a language); checked against ``choices`` only when it has some,
    which the pages set from the data and the API leaves empty to save the query."""

    def __init__(self, *, pattern, **kwargs):
        self.pattern = pattern
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(pattern))

    def valid_value(self, value):
        return super().valid_value(value) if self.choices else True


class SearchTextField(forms.CharField):
    """Words to search for; the text is kept as given (the querysets trim it themselves)."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)
        # No NUL: PostgreSQL cannot compare text that holds one. Said in the words of the API.
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.validators.append(
            ProhibitNullCharactersValidator(_("The text contains a NUL character."))
        )


class InstantField(forms.Field):
    """An instant in RFC 3339, with its time zone, in UTC."""

    default_error_messages = {
        "invalid": _("“%(value)s” is not a date and time such as 2026-02-03T12:00:00Z."),
        "impossible": _("“%(value)s” is not a real date and time."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not INSTANT_PATTERN.fullmatch(value):
            raise ValidationError(self.error_messages["invalid"], "invalid", {"value": value})
        try:
            instant = datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(
                self.error_messages["impossible"], "impossible", {"value": value}
            ) from None
        try:
            return instant.astimezone(datetime.UTC)
        except OverflowError:
            # An offset carried the instant past year 1 or 9999: the nearest instant there is.
            edge = datetime.datetime.min if instant.year == 1 else datetime.datetime.max
            return edge.replace(tzinfo=datetime.UTC)
