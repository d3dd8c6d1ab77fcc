"""Serializer fields of the API that read a record the way the public pages do.

Each carries its OpenAPI schema (``extend_schema_field``) beside the code that produces the value,
so the document cannot drift from the responses.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import published
from ..citations import citation
from ..filters.fields import SLUG_PATTERN
from ..links import safe_link_url
from ..partial_dates import Precision

SLUG = {"type": "string", "pattern": SLUG_PATTERN}
NULLABLE_SLUG = {**SLUG, "nullable": True}
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
ISO_FORMATS = {Precision.YEAR: "%Y", Precision.MONTH: "%Y-%m", Precision.DAY: "%Y-%m-%d"}
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

    def value(self, record):
        """What the plain serializers (tiers/api/serializers.py) call: the value of ``record``."""
        return self.to_representation(record)


@extend_schema_field({"type": "string"})
class LinkField(serializers.Field):
    """An address of another site: only http(s), whatever is stored (tiers.links); else empty."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return safe_link_url(value)

    def value(self, record):
        return self.to_representation(getattr(record, self.field_name))


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

    def value(self, record):
        return self.to_representation(getattr(record, self.source))


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

    def value(self, record):
        return self.to_representation(getattr(record, self.source))


@extend_schema_field(PARTIAL_DATE)
class PartialDateField(RecordField):
    """A date kept as ``<name>_on`` and ``<name>_precision``, at its known precision."""

    def __init__(self, name, **kwargs):
        self.name = name
        super().__init__(**kwargs)

    def to_representation(self, record):
        date = getattr(record, f"{self.name}_on")
        precision = getattr(record, f"{self.name}_precision")
        if date is None or not precision:
            return None
        # PartialDate.isoformat without building a PartialDate (which checks its precision).
        return date.strftime(ISO_FORMATS[precision])


@extend_schema_field({"type": "string", "format": "date-time"})
class InstantField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.isoformat()

    def value(self, record):
        return getattr(record, self.source).isoformat()


@extend_schema_field({"type": "string", "format": "uri", "description": "This record in the API."})
class ApiUrlField(RecordField):
    def __init__(self, view_name, lookup, **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(**kwargs)

    PLACEHOLDER = "0"  # a key every detail address takes, replaced by the record's

    def to_representation(self, record):
        # Keys are slugs or ids, which an address carries as they are: one reverse per response.
        if not hasattr(self, "_prefix"):
            path = reverse(self.view_name, args=[self.PLACEHOLDER])
            self._prefix = self.context["base_url"] + path.removesuffix(self.PLACEHOLDER + "/")
        return f"{self._prefix}{getattr(record, self.lookup)}/"


@extend_schema_field(
    {"type": "string", "format": "uri", "description": "The record's page on the site."}
)
class PageUrlField(RecordField):
    """The permalink: the API answers in the site's default language (views.py)."""

    def to_representation(self, record):
        return page_url(record, self.context["base_url"])


def page_url(record, base_url):
    """The record page's address, worked out once for its page_url and its citation."""
    if "_api_page_url" not in record.__dict__:
        record.__dict__["_api_page_url"] = base_url + record.get_absolute_url()
    return record.__dict__["_api_page_url"]


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
        context = self.context
        link = page_url(record, context["base_url"])
        return citation(record, link, context["accessed"], context["accessed_words"]).as_dict()
