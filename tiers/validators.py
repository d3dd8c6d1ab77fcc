"""Validators for identifiers that must exist in their standard, not merely look right."""

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


def validate_country_code(value: str) -> None:
    if value and (value != value.upper() or pycountry.countries.get(alpha_2=value) is None):
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166-1 alpha-2 country code (for example UA, FR, GB)."),
            code="invalid_country",
            params={"value": value},
        )


def validate_currency_code(value: str) -> None:
    if value and (value != value.upper() or pycountry.currencies.get(alpha_3=value) is None):
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code (for example EUR, USD, GBP)."),
            code="invalid_currency",
            params={"value": value},
        )


def validate_language_code(value: str) -> None:
    """An ISO 639-1 (two letters) or ISO 639-3 (three letters) language code, lower case."""
    if not value:
        return
    found = None
    if value == value.lower():
        if len(value) == 2:
            found = pycountry.languages.get(alpha_2=value)
        elif len(value) == 3:
            found = pycountry.languages.get(alpha_3=value)
    if found is None:
        raise ValidationError(
            _("“%(value)s” is not an ISO 639 language code (for example en, uk, fr)."),
            code="invalid_language",
            params={"value": value},
        )


validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*$",
    _("A Wikidata identifier is Q followed by digits, for example Q212."),
    code="invalid_wikidata_id",
)
