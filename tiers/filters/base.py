"""The building blocks of the shared filters: a FilterSet for readers and the filter kinds.

Each filter kind knows its form field (what it accepts, its label and widget on the pages) and
the OpenAPI schema of that same field as an API query parameter
(tiers/open_data/api/filtering.py), so that the document describes exactly what the form accepts.
"""

import django_filters
from django import forms

from .fields import (
    NOTHING,
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    CodeField,
    InstantField,
    LongSelect,
    RecordField,
    SearchTextField,
    WholeNumberField,
)

# Years a filter accepts, on the pages and in the API: from Ukraine's independence (1991) to a
# bound far enough ahead for any commitment's horizon (docs/api.md).
FIRST_YEAR, LAST_YEAR = 1991, 2100
TEXT_MAX_LENGTH = 200


class ApiDescribed:
    """A filter with the sentence that describes it as an API parameter."""

    def __init__(self, *args, description="", **kwargs):
        self.description = description
        super().__init__(*args, **kwargs)

    def openapi_schema(self) -> dict:
        raise NotImplementedError


class RecordFilter(ApiDescribed, django_filters.ModelChoiceFilter):
    """A public record named by its natural key; ``queryset`` says which records are public."""

    field_class = RecordField

    def __init__(self, *args, to_field_name="slug", **kwargs):
        kwargs.setdefault("widget", LongSelect)
        super().__init__(*args, to_field_name=to_field_name, **kwargs)

    def openapi_schema(self) -> dict:
        return {"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX_LENGTH}


class HiddenRecordFilter(RecordFilter):
    """Set by links from a record's page, carried along in the form as the other filters change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=forms.HiddenInput, **kwargs)


class ChoiceFilter(ApiDescribed, django_filters.ChoiceFilter):
    def openapi_schema(self) -> dict:
        return {"type": "string", "enum": [value for value, _label in self.extra["choices"]]}


class YearFilter(ApiDescribed, django_filters.NumberFilter):
    field_class = WholeNumberField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)

    def get_max_validator(self):
        return None  # the field's own maximum

    def openapi_schema(self) -> dict:
        return {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}


class TextFilter(ApiDescribed, django_filters.CharFilter):
    field_class = SearchTextField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(*args, max_length=TEXT_MAX_LENGTH, **kwargs)

    def openapi_schema(self) -> dict:
        return {
            "type": "string",
            "minLength": 1,
            "maxLength": TEXT_MAX_LENGTH,
            "pattern": "^[^\\u0000]*$",
        }


class CodeFilter(ApiDescribed, django_filters.CharFilter):
    field_class = CodeField

    def __init__(self, *args, pattern, **kwargs):
        super().__init__(*args, pattern=pattern, **kwargs)

    def openapi_schema(self) -> dict:
        return {"type": "string", "pattern": self.extra["pattern"]}


class InstantFilter(ApiDescribed, django_filters.Filter):
    field_class = InstantField

    def openapi_schema(self) -> dict:
        return {"type": "string", "format": "date-time"}


class ReaderFilterSet(django_filters.FilterSet):
    """Filters of a public list, for its page's form and for its API list alike.

    ``strict`` (the API): a key of the right shape naming no public record gives an empty list
    instead of an error, as the choices are not on show there.
    """

    def __init__(
        self, data=None, queryset=None, *, request=None, prefix=None, strict=False, extent=None
    ):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.strict = strict
        self.extent = extent  # the API page's PageExtent, for a list to choose how to read it
        for filter_ in self.filters.values():
            if isinstance(filter_, RecordFilter):
                filter_.extra["unknown_matches_nothing"] = strict

    def filter_queryset(self, queryset):
        if any(value is NOTHING for value in self.form.cleaned_data.values()):
            return queryset.none()
        return super().filter_queryset(queryset)

    def valid_filters(self) -> dict:
        """The valid, non-empty filters; those that are not valid are left out (and shown)."""
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "")}

    @staticmethod
    def for_readers(queryset, name, value):
        """The models' own reader filters (``filter_for_readers``), one keyword each."""
        return queryset.filter_for_readers(**{name: value})
