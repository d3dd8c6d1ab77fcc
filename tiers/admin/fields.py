"""Form fields that save editors keystrokes: a partial date in one box, languages by name, slugs
suggested from the record's own fields.

- ``PartialDateField``: one text box for a date known to the day, month or year, written as
  imports write it (``2025``, ``2025-08``, ``2025-08-18``, parsed by ``PartialDate``); it stands
  for the two columns ``<name>_on`` and ``<name>_precision``. The browser checks the shape as it
  is typed (the ``pattern`` attribute, no script); the server checks the date itself.
- ``language_choices``: the ISO 639 codes ``validate_language_code`` accepts, each with its name.
- ``suggest_slug``: a free slug for a record from words of its fields.
"""

from functools import cache

import pycountry
from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..partial_dates import PartialDate

DATE_SHAPE = r"\d{4}(-\d{2}(-\d{2})?)?"


class PartialDateField(forms.Field):
    widget = forms.TextInput

    def __init__(self, name, *, required=False, **kwargs):
        self.model_fields = (f"{name}_on", f"{name}_precision")
        kwargs.setdefault(
            "help_text",
            _("As precisely as the source gives it: 2025, 2025-08 or 2025-08-18."),
        )
        super().__init__(required=required, **kwargs)
        self.widget.attrs.update(
            {
                "maxlength": 10,
                "pattern": DATE_SHAPE,
                "placeholder": "2025-08-18",
                "size": 10,
                "inputmode": "numeric",
                "title": str(_("Write 2025, 2025-08 or 2025-08-18.")),
            }
        )

    def to_python(self, value):
        return PartialDate.parse(value if isinstance(value, str) else "")

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value


def partial_date_field(model, name, *, required=False):
    """The field for ``model``'s partial date ``name``, labelled as its date column is."""
    column = model._meta.get_field(f"{name}_on")
    return PartialDateField(name, required=required, label=column.verbose_name.capitalize())


class PartialDatesFormMixin:
    """For a model form that declares a ``PartialDateField`` per partial date: the field starts
    from the two columns and writes them back; the columns' checks report on the one field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._partial_dates():
            on, precision = self.fields[name].model_fields
            value = PartialDate.from_fields(
                getattr(self.instance, on), getattr(self.instance, precision)
            )
            self.initial.setdefault(name, value.isoformat() if value else "")

    def _partial_dates(self):
        return [name for name, f in self.fields.items() if isinstance(f, PartialDateField)]

    def clean(self):
        cleaned = super().clean()
        for name in self._partial_dates():
            if name in self.errors:
                continue
            on, precision = self.fields[name].model_fields
            value = cleaned.get(name)
            setattr(self.instance, on, value.date if value else None)
            setattr(self.instance, precision, value.precision if value else "")
        return cleaned

    def _get_validation_exclusions(self):
        # The columns are checked too (a status change's date is part of a unique constraint).
        columns = {c for name in self._partial_dates() for c in self.fields[name].model_fields}
        return super()._get_validation_exclusions() - columns

    def _update_errors(self, errors):
        by_column = {
            column: name
            for name in self._partial_dates()
            for column in self.fields[name].model_fields
        }
        if hasattr(errors, "error_dict") and by_column:
            moved = {}
            for field, messages in errors.error_dict.items():
                moved.setdefault(by_column.get(field, field), []).extend(messages)
            errors = forms.ValidationError(moved)
        super()._update_errors(errors)


@cache
def _languages():
    found = []
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            found.append((code, f"{code} – {language.name}"))
    return sorted(found, key=lambda pair: pair[1].split(" – ", 1)[1])


def language_choices(current=""):
    """ISO 639-1 codes with their names, English first; ``current`` kept when it is another
    (an ISO 639-3 code from an import)."""
    choices = _languages()
    english = [c for c in choices if c[0] == "en"]
    rest = [c for c in choices if c[0] != "en"]
    extra = []
    if current and current not in {code for code, _label in choices}:
        language = pycountry.languages.get(alpha_3=current)
        extra = [(current, f"{current} – {language.name if language else current}")]
    return [*english, *extra, *rest]


class LanguageField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(choices=language_choices, **kwargs)


def suggest_slug(model, field, *parts, max_length=80, exclude_pk=None):
    """A slug from ``parts`` (words of the record's fields) that no other record of ``model``
    has, with -2, -3… added when needed."""
    base = slugify(" ".join(str(p) for p in parts if p))[:max_length].strip("-") or "record"
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base})
        .exclude(pk=exclude_pk)
        .values_list(field, flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
