"""Figures: the numbers a source gives for a commitment, each with its own source.

Where sources disagree, each value is its own figure; nothing here picks one. A figure's rank
(as Wikidata's) says which the analysts prefer; totals (``tiers.figures``) add only preferred or
sole figures of the same kind, currency, unit and period.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..partial_dates import (
    PartialDate,
    Precision,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from ..validators import validate_currency_code
from .base import CURATED_PERMISSIONS, CuratedModel, Visibility


class FigureKind(models.TextChoices):
    MONEY = "money", _("Money")
    GDP_SHARE = "gdp_share", _("Share of GDP")
    QUANTITY = "quantity", _("Quantity")


class FigureRank(models.TextChoices):
    PREFERRED = "preferred", _("Preferred")
    NORMAL = "normal", _("Normal")
    DEPRECATED = "deprecated", _("Deprecated")


def plain_value(value) -> str:
    """A decimal as plain digits, without the trailing zeros of its stored places: 1500000.5
    and 12, not 1500000.5000 and 12.0000. The one way figures are written in files and the API."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def value_in_words(kind, value, currency="", unit="") -> str:
    """“1,500,000,000 EUR”, “0.25% of GDP”, “12 aircraft”, in the active language's format."""
    number = (
        number_format(Decimal(value).normalize(), force_grouping=True) if value is not None else ""
    )
    if kind == FigureKind.MONEY:
        return f"{number} {currency}"
    if kind == FigureKind.GDP_SHARE:
        return _("%(value)s%% of GDP") % {"value": number}
    return f"{number} {unit}"


def period_in_words(start: PartialDate | None, end: PartialDate | None) -> str:
    """“2024”, “2024–2026”, “by 2028”, “from 2025”, or empty when no period is given."""
    if start and end:
        return str(start) if start == end else f"{start}–{end}"
    if end:
        return _("by %(date)s") % {"date": end}
    if start:
        return _("from %(date)s") % {"date": start}
    return ""


def period_last_day(partial: PartialDate) -> datetime.date:
    """The last day of a partial date's period: 2026 ends on 31 December 2026."""
    date = partial.date
    if partial.precision == Precision.YEAR:
        return date.replace(month=12, day=31)
    if partial.precision == Precision.MONTH:
        following = date.replace(year=date.year + date.month // 12, month=date.month % 12 + 1)
        return following - datetime.timedelta(days=1)
    return date


# What a figure measures and over which period, and how it ranks among others of the same measure:
# the columns that totals add up (tiers/figures.py) and that every list of figures prints.
MEASURE_FIELDS = (
    "kind",
    "value",
    "currency",
    "unit",
    "period_start_on",
    "period_start_precision",
    "period_end_on",
    "period_end_precision",
    "rank",
)


class Figure(CuratedModel):
    """One value for a commitment (an amount, a share of GDP, a number of things), as one source
    gives it, for an optional period."""

    Kind = FigureKind
    Rank = FigureRank

    NATURAL_KEY = ("key",)
    # Shown only with its commitment, and with its status change when it reports one (an
    # optional reference that, when set, hides the figure with it: see ``public_q``).
    SHOWN_WITH = ("commitment", "status_change")
    TIERS_LOOKUP = "commitment__tier"

    key = models.SlugField(
        _("key"),
        max_length=200,
        unique=True,
        help_text=_(
            "A short, stable name for this figure, used in import files "
            "(for example germany-2024-military-aid-eur). It never changes once published."
        ),
    )
    commitment = models.ForeignKey(
        "tiers.Commitment",
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("commitment"),
        help_text=_("The commitment this figure measures."),
    )
    status_change = models.ForeignKey(
        "tiers.StatusChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("status change"),
        help_text=_(
            "Optional: the status change of the same commitment that reports this figure "
            "(for example an amount delivered so far)."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=9,
        choices=FigureKind.choices,
        help_text=_(
            "Money (give the currency), a share of GDP (a percentage, 0 to 100) or a quantity "
            "(give the unit)."
        ),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=20,
        decimal_places=4,
        help_text=_(
            "Exactly as the source states it, in full: 1500000000 for 1.5 billion, 0.25 for a "
            "quarter of a percent of GDP."
        ),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency_code],
        help_text=_("Money only: the ISO 4217 code, for example EUR. Empty for other kinds."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=60,
        blank=True,
        help_text=_(
            "Quantities only: what is counted, in the plural, e.g. aircraft, personnel, systems."
        ),
    )
    period_start_on, period_start_precision = partial_date_fields(
        "period_start",
        _("period starts"),
        help_text=_(
            "Optional: the first day of the period the figure covers (1 January 2024 with "
            "precision year for “2024”). Leave empty for “by 2028”."
        ),
    )
    period_end_on, period_end_precision = partial_date_fields(
        "period_end",
        _("period ends"),
        help_text=_(
            "Optional: when the period ends, as its first day (1 January 2026 with precision "
            "year for “2024–2026” or “by 2026”). The same as the start for a single year."
        ),
    )
    source = models.ForeignKey(
        "tiers.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("source"),
        help_text=_("The source that gives this value. Required to publish."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_(
            "Optional: what the figure includes or how the source counts it, in a sentence."
        ),
    )
    rank = models.CharField(
        _("rank"),
        max_length=10,
        choices=FigureRank.choices,
        default=FigureRank.NORMAL,
        help_text=_(
            "As on Wikidata: preferred for the value the analysts judge best when sources "
            "disagree, deprecated for a value known to be wrong or superseded. Totals add "
            "preferred or sole figures only."
        ),
    )

    class Meta:
        ordering = ["commitment_id", "kind", "key"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        default_permissions = CURATED_PERMISSIONS
        indexes = [
            models.Index(fields=["commitment", "kind"], name="tiers_figure_commitment_idx"),
        ]
        constraints = [
            partial_date_constraint("period_start"),
            partial_date_constraint("period_end"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="tiers_figure_value_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=FigureKind.MONEY) | ~models.Q(currency=""),
                name="tiers_figure_money_has_currency",
                violation_error_message=_("An amount of money needs its currency."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=FigureKind.MONEY) | models.Q(currency=""),
                name="tiers_figure_currency_only_for_money",
                violation_error_message=_("Only an amount of money has a currency."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=FigureKind.GDP_SHARE) | models.Q(value__lte=100),
                name="tiers_figure_gdp_share_at_most_100",
                violation_error_message=_("A share of GDP lies between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=FigureKind.QUANTITY) | ~models.Q(unit=""),
                name="tiers_figure_quantity_has_unit",
                violation_error_message=_("A quantity needs its unit."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=FigureKind.QUANTITY) | models.Q(unit=""),
                name="tiers_figure_unit_only_for_quantity",
                violation_error_message=_("Only a quantity has a unit."),
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility=Visibility.PUBLISHED)
                | models.Q(source__isnull=False),
                name="tiers_figure_published_has_source",
                violation_error_message=_("A published figure needs a source."),
            ),
        ]

    def __str__(self):
        period = self.period_display
        return f"{self.value_display} ({period})" if period else self.value_display

    @property
    def period_start(self):
        return PartialDate.from_fields(self.period_start_on, self.period_start_precision)

    @property
    def period_end(self):
        return PartialDate.from_fields(self.period_end_on, self.period_end_precision)

    @property
    def period_display(self) -> str:
        return period_in_words(self.period_start, self.period_end)

    @property
    def value_display(self) -> str:
        return value_in_words(self.kind, self.value, self.currency, self.unit)

    def clean(self):
        errors = clean_partial_date(self, "period_start")
        errors |= clean_partial_date(self, "period_end")
        if self.kind == FigureKind.MONEY and not self.currency:
            errors["currency"] = _("Give the currency of the amount, for example EUR.")
        if self.kind != FigureKind.MONEY and self.currency:
            errors["currency"] = _("Only an amount of money has a currency; clear it.")
        if self.kind == FigureKind.QUANTITY and not self.unit:
            errors["unit"] = _("Say what the quantity counts, for example aircraft.")
        if self.kind != FigureKind.QUANTITY and self.unit:
            errors["unit"] = _("Only a quantity has a unit; clear it.")
        if self.value is not None and self.value < 0:
            errors["value"] = _("A figure cannot be negative.")
        elif self.kind == FigureKind.GDP_SHARE and self.value is not None and self.value > 100:
            errors["value"] = _("A share of GDP is a percentage between 0 and 100.")
        start, end = self.period_start, self.period_end
        if start and end and "period_end_on" not in errors and period_last_day(end) < start.date:
            errors["period_end_on"] = _("The period cannot end before it starts.")
        if self.is_published and not self.source_id:
            errors["source"] = _("A published figure needs a source.")
        if (
            self.status_change_id
            and self.commitment_id
            and self.status_change.commitment_id != self.commitment_id
        ):
            errors["status_change"] = _("This status change belongs to another commitment.")
        if errors:
            raise ValidationError(errors)
