"""Cells to values and back: one widget per kind of column, errors in words.

Every widget raises ``ValueError`` with a message an analyst can act on; django-import-export
turns it into a validation error of that column.
"""

import datetime
import difflib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export.fields import Field
from import_export.widgets import ManyToManyWidget, Widget

from ..models.figure import plain_value
from ..partial_dates import PartialDate
from .formats import cell_text

SEPARATOR = "|"
TRUE_WORDS = {"yes", "true", "1", "y"}
FALSE_WORDS = {"no", "false", "0", "n"}


FEW_VALUES = 5  # up to this many valid values are listed in a message; beyond, the nearest
HINTED_ERRORS, HINTED_KEYS = 50, 20_000


def near_match(text, known) -> str:
    """“; did you mean “france”?” for a value close to a known one (case aside), or nothing."""
    by_lower = {str(k).lower(): str(k) for k in known}
    found = difflib.get_close_matches(text.lower(), list(by_lower), n=1, cutoff=0.75)
    return f"; did you mean “{by_lower[found[0]]}”?" if found else ""


def _listed(values) -> str:
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _quoted(values) -> str:
    return ", ".join(f"“{v}”" for v in values)


class TextWidget(Widget):
    """Text exactly as written: no trimming, so a quote keeps its every character."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(Widget):
    """A choice written as its code (``troops``, ``published``)."""

    def __init__(self, choices, noun: str):
        super().__init__()
        self.codes = [code for code, _label in choices]
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value).strip()
        if code and code not in self.codes:
            raise ValueError(
                f"“{code}” is not a {self.noun}; write one of: {', '.join(self.codes)}"
                + near_match(code, self.codes)
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        word = cell_text(value).strip().lower()
        if not word:
            return None
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"“{cell_text(value)}” is neither yes nor no")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class DecimalWidget(Widget):
    """A number as written, without thousands separators: ``1500000.50``, ``0.25``."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(f"“{text}” is not a number; write digits and a point: 1500000.50")
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else plain_value(value)


class DateWidget(Widget):
    """A full date, ``2025-08-18``."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value).strip()
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{text}” is not a date; write 2025-08-18") from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class KeyWidget(Widget):
    """Another record named by its natural key: a tier number, an actor slug, a source key or URL.

    ``lookups`` is bound by the resource; values resolve from its dictionaries, never a query.
    """

    def __init__(self, index: str, description: str, render_key: str):
        Widget.__init__(self)  # not ManyToManyWidget's, for the subclass that mixes it in
        self.index = index
        self.description = description  # "actor with slug"
        self.render_key = render_key
        self.lookups = None

    @property
    def render_fields(self) -> tuple[str, ...]:
        """The related record's fields an export reads to render the key."""
        return (self.render_key,)

    def resolve(self, text):
        return self.lookups.get(self.index).get(text)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).strip()
        if not text:
            return None
        found = self.resolve(text)
        if found is None:
            raise ValueError(f"no {self.description} “{text}”" + self.hint(text))
        return found

    def hint(self, text) -> str:
        """The nearest valid value, or all of them when there are few."""
        index = self.lookups.get(self.index)
        if len(index) <= FEW_VALUES:
            known = sorted(map(str, index))
            return near_match(text, known) or (f"; it must be {_listed(known)}" if known else "")
        # Looking for near keys costs a pass over them: only for the first few errors of a
        # file, and among a number of keys that a pass reads in a moment.
        self.hints_given = getattr(self, "hints_given", 0) + 1
        if self.hints_given > HINTED_ERRORS or len(index) > HINTED_KEYS:
            return ""
        return near_match(text, [str(key) for key in index])

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.render_key))


class StatusChangeWidget(KeyWidget):
    """A status change of the row's own commitment, named by its date and progress:
    ``2025-09-04 agreed``."""

    def __init__(self):
        super().__init__("status_change", "status change", "occurred_on")

    @property
    def render_fields(self):
        return ("occurred_on", "occurred_precision", "progress")

    def clean(self, value, row=None, **kwargs):
        text = " ".join(cell_text(value).split())
        if not text:
            return None
        commitment = cell_text((row or {}).get("commitment")).strip()
        found = self.lookups.get(self.index).get((commitment, text))
        if found is None:
            raise ValueError(
                f"no status change “{text}” of the commitment “{commitment}”; "
                "write its date and new progress, for example 2025-09-04 agreed"
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else status_change_key(value)


def status_change_key(change) -> str:
    return f"{change.occurred.isoformat()} {change.progress}"


class KeysWidget(KeyWidget):
    """Several records in one cell, separated by ``|``; every one of them must exist."""

    def split(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            parts = [cell_text(v) for v in value]
        else:
            parts = cell_text(value).split(SEPARATOR)
        return list(dict.fromkeys(p.strip() for p in parts if p.strip()))

    def clean(self, value, row=None, **kwargs):
        found, unknown = [], []
        for text in self.split(value):
            record = self.resolve(text)
            if record is None:
                unknown.append(text)
            elif record not in found:
                found.append(record)
        if unknown:
            plural = "s" if len(unknown) > 1 else ""
            noun, _, key = self.description.partition(" with ")
            raise ValueError(f"no {noun} with {key}{plural} {_quoted(unknown)}")
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        records = value if isinstance(value, list) else value.all()
        return SEPARATOR.join(sorted(str(getattr(r, self.render_key)) for r in records))


class KeysField(Field):
    """A many-to-many column. Values wait on the instance until the bulk write saves them."""

    def get_value(self, instance):
        for waiting in ("_pending_m2m", "_existing_m2m"):  # set by the import, if importing
            values = getattr(instance, waiting, {})
            if self.attribute in values:
                return values[self.attribute]
        if instance.pk is None:
            return []
        return getattr(instance, self.attribute)


class PartialDateField(Field):
    """A ``2025``, ``2025-08`` or ``2025-08-18`` cell, stored as ``<name>_on`` and its precision."""

    def __init__(self, name: str, column_name: str | None = None, readonly: bool = False):
        super().__init__(
            attribute=f"{name}_on",
            column_name=column_name or name,
            widget=Widget(),
            readonly=readonly,
        )
        self.name = name

    def clean(self, row, **kwargs):
        value = row[self.column_name]
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return PartialDate(value, "day")
        try:
            return PartialDate.parse(cell_text(value))
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None

    def save(self, instance, row, is_m2m=False, **kwargs):
        date = self.clean(row)
        setattr(instance, f"{self.name}_on", date.date if date else None)
        setattr(instance, f"{self.name}_precision", date.precision if date else "")

    def get_value(self, instance):
        return PartialDate.from_fields(
            getattr(instance, f"{self.name}_on"), getattr(instance, f"{self.name}_precision")
        )

    def export(self, instance, **kwargs):
        date = self.get_value(instance)
        return date.isoformat() if date else ""


class WholeNumberWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(f"“{text}” is not a whole number")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


# Declaring a resource's columns: one call per column.


class ManyKeysWidget(KeysWidget, ManyToManyWidget):
    """``KeysWidget`` as django-import-export's many-to-many handling recognises it."""


def text(column=None, **kwargs):
    return Field(column_name=column, widget=TextWidget(), **kwargs)


class ExportOnlyField(Field):
    """A column the resource writes from the record and reads on import by itself (not a model
    field): see tiers/importing/quote_translations.py."""

    def __init__(self, *args, description="", **kwargs):
        super().__init__(*args, **kwargs)
        self.description = description  # for the downloads' list of columns

    def save(self, instance, row, is_m2m=False, **kwargs):
        pass


def translated(name, column=None):
    """A translated text's two columns: ``column`` (default ``name``) for the English, its
    required language, and ``<column>_uk`` for the Ukrainian (tiers/translation.py)."""
    column = column or name
    return (
        text(column=column, attribute=f"{name}_en"),
        text(column=f"{column}_uk", attribute=f"{name}_uk"),
    )


def choice(choices, noun, column=None, **kwargs):
    return Field(column_name=column, widget=ChoiceWidget(choices, noun), **kwargs)


def reference(attribute, index, description, render_key, column=None):
    return Field(
        attribute=attribute,
        column_name=column,
        widget=KeyWidget(index, description, render_key),
    )


def status_change_reference(attribute, column=None):
    return Field(attribute=attribute, column_name=column, widget=StatusChangeWidget())


def references(attribute, index, description, render_key, column=None):
    return KeysField(
        attribute=attribute,
        column_name=column,
        widget=ManyKeysWidget(index, description, render_key),
    )
