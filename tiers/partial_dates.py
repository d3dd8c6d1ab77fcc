"""Dates known to the day, the month, the year, or not at all.

A partial date is stored as two columns: the first day of its period (so it sorts) and its
precision. ``PartialDate`` is the one helper that parses, normalises and displays them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


# Plain values: Precision.values builds the choices, lazy labels and all, at each call.
PRECISIONS = frozenset(Precision.values)
ISO_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date with its precision; ``None`` stands for an unknown date."""

    date: datetime.date
    precision: str

    def __post_init__(self):
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        # Keep the stored date at the first day of its period, so that sorting is honest.
        if self.precision == Precision.MONTH and self.date.day != 1:
            object.__setattr__(self, "date", self.date.replace(day=1))
        elif self.precision == Precision.YEAR and (self.date.month, self.date.day) != (1, 1):
            object.__setattr__(self, "date", self.date.replace(month=1, day=1))

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """Read ``2025``, ``2025-08`` or ``2025-08-18``; an empty text is an unknown date."""
        text = (text or "").strip()
        if not text:
            return None
        match = ISO_PATTERN.match(text)
        if not match:
            raise ValidationError(
                _("“%(value)s” is not a date; write 2025, 2025-08 or 2025-08-18."),
                code="invalid_partial_date",
                params={"value": text},
            )
        year, month, day = match.groups()
        try:
            date = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a real date."),
                code="impossible_date",
                params={"value": text},
            ) from None
        precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
        return cls(date, precision)

    @classmethod
    def from_fields(cls, date: datetime.date | None, precision: str) -> PartialDate | None:
        if date is None or not precision:
            return None
        return cls(date, precision)

    def isoformat(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def display(self) -> str:
        # date_format's "j E Y", "F Y" and "Y", written out: parsing the format for each date
        # cost more than the rest of a list row. MONTHS_ALT is the month name as used inside a
        # full date (genitive in Ukrainian).
        year = f"{self.date.year:04d}"
        if self.precision == Precision.YEAR:
            return year
        if self.precision == Precision.MONTH:
            return f"{MONTHS[self.date.month]} {year}"
        return f"{self.date.day} {MONTHS_ALT[self.date.month]} {year}"

    def __str__(self) -> str:
        return self.display()


def partial_date_fields(name: str, verbose_name, help_text="", required=False, editable=True):
    """The two columns of a partial date: ``<name>_on`` and ``<name>_precision``; a derived
    date (``editable=False``) is left out of forms."""
    on = models.DateField(
        verbose_name,
        editable=editable,
        null=not required,
        blank=not required,
        help_text=help_text
        or _("Pick the first day of the period when only the month or year is known."),
    )
    precision = models.CharField(
        _("precision"),
        max_length=5,
        choices=Precision.choices,
        blank=not required,
        default=Precision.DAY if required else "",
        editable=editable,
        help_text=_("How precisely the source gives this date. Leave empty when it is unknown."),
    )
    return on, precision


def partial_date_constraint(name: str) -> models.CheckConstraint:
    """A date and its precision are given together or not at all."""
    return models.CheckConstraint(
        condition=(
            models.Q(**{f"{name}_on__isnull": True, f"{name}_precision": ""})
            | models.Q(**{f"{name}_on__isnull": False, f"{name}_precision__in": Precision.values})
        ),
        name=f"%(app_label)s_%(class)s_{name}_precision_matches",
        violation_error_message=_("Give a date and its precision together, or neither."),
    )


def clean_partial_date(instance, name: str) -> dict:
    """Normalise a partial date on ``instance``; return field errors in words."""
    on = getattr(instance, f"{name}_on")
    precision = getattr(instance, f"{name}_precision")
    if on is None and precision:
        return {f"{name}_on": _("Give the date, or clear its precision.")}
    if on is not None and not precision:
        return {f"{name}_precision": _("Say whether this date is known to the day, month or year.")}
    if on is not None:
        setattr(instance, f"{name}_on", PartialDate(on, precision).date)
    return {}
