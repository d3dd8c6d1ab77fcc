"""Serializer fields of the API that read a record the way the public pages do.

Each carries its OpenAPI schema (``extend_schema_field``) beside the code that produces the value,
so the document cannot drift from the responses.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import published
from ..citations import cite, permalink
from ..filters.fields import SLUG_PATTERN
from ..partial_dates import PartialDate

SLUG = {"type": "string", "pattern": SLUG_PATTERN}
NULLABLE_SLUG = {**SLUG, "nullable": True}
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
PARTIAL_DATE = {
    "type": "string",
    "nullable": True,
    "pattern": PARTIAL_DATE_PATTERN,
    "description": "A date at its known precision: 2025, 2025-08 or 2025-08-18; null if unknown.",
}


class RecordField(serializers.Field):
    """A value computed from the whole record."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)


@extend_schema_field(SLUG)
class KeyField(serializers.CharField):
    """A natural key (slug or source key), of the record or of a relation it cannot lack."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


@extend_schema_field(NULLABLE_SLUG)
class PublicKeyField(serializers.Field):
    """A relation that may be empty, as its natural key; null when it is not published."""

    def __init__(self, key="slug", **kwargs):
        self.key = key
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, related):
        shown = published.shown(related)
        return getattr(shown, self.key) if shown else None


@extend_schema_field({"type": "array", "items": SLUG})
class KeyListField(serializers.Field):
    """A many-to-many relation as natural keys; the prefetch (tiers/published.py) already left out
    what is not public."""

    def __init__(self, key="slug", **kwargs):
        self.key = key
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager):
        key = self.key
        return [getattr(item, key) for item in manager.all()]


@extend_schema_field(PARTIAL_DATE)
class PartialDateField(RecordField):
    """A date kept as ``<name>_on`` and ``<name>_precision``, at its known precision."""

    def __init__(self, name, **kwargs):
        self.name = name
        super().__init__(**kwargs)

    def to_representation(self, record):
        value = PartialDate.from_fields(
            getattr(record, f"{self.name}_on"), getattr(record, f"{self.name}_precision")
        )
        return value.isoformat() if value else None


@extend_schema_field({"type": "string", "format": "date-time"})
class InstantField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.isoformat()


@extend_schema_field({"type": "string", "format": "uri", "description": "This record in the API."})
class ApiUrlField(RecordField):
    def __init__(self, view_name, lookup, **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(**kwargs)

    def to_representation(self, record):
        path = reverse(self.view_name, args=[getattr(record, self.lookup)])
        return self.context["base_url"] + path


@extend_schema_field(
    {"type": "string", "format": "uri", "description": "The record's page on the site."}
)
class PageUrlField(RecordField):
    def to_representation(self, record):
        return permalink(record, self.context["base_url"])


class CitationSerializer(serializers.Serializer):
    """How to cite the record page (tiers/citations.py), as the page's "Cite this" box does."""

    permalink = serializers.URLField()
    title = serializers.CharField()
    accessed = serializers.DateField()
    text = serializers.CharField(help_text="The citation as plain text.")
    bibtex = serializers.CharField(help_text="The citation as a BibTeX @misc entry.")


@extend_schema_field(CitationSerializer)
class CitationField(RecordField):
    def to_representation(self, record):
        return cite(record, self.context["base_url"], self.context["accessed"]).as_dict()
