"""Serializer fields of the API that read a record the way the public pages do.

Each carries its OpenAPI schema (``extend_schema_field``) beside the code that produces the value,
so the document cannot drift from the responses.
"""

import re

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ... import published
from ...filters.fields import SLUG_PATTERN
from ...links import safe_link_url
from ...partial_dates import Precision
from ..citations import citation

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

    def getter(self, read):
        """What the plain serializers (serializers.py) call once per response: a function of a
        record giving this field's value; ``read(name)`` gives a function reading a column of
        a record (an attribute of an instance, or a key of a ``values()`` row)."""
        return self.to_representation


@extend_schema_field({"type": "string"})
class LinkField(serializers.Field):
    """An address of another site: only http(s), whatever is stored (tiers.links); else empty."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return safe_link_url(value)

    def getter(self, read):
        get = read(self.source)
        return lambda record: safe_link_url(get(record))


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

    def getter(self, read):
        get = read(self.source)
        return lambda record: self.to_representation(get(record))


@extend_schema_field(NULLABLE_SLUG)
class PublicKeyColumnField(serializers.CharField):
    """An optional relation's natural key as a column of the queryset (``published.public_column``):
    null when there is none or it is not public."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


@extend_schema_field({"type": "array", "items": SLUG})
class KeyListField(serializers.Field):
    """A many-to-many relation as the natural keys tiers/published.py loaded for the record
    (``commitment_relations``, ``statement_relations``): only the public ones, in order."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, keys):
        return list(keys)

    def getter(self, read):
        return read(self.source)


@extend_schema_field(PARTIAL_DATE)
class PartialDateField(RecordField):
    """A date kept as ``<name>_on`` and ``<name>_precision``, at its known precision."""

    def __init__(self, name, **kwargs):
        self.name = name
        self.date, self.precision = f"{name}_on", f"{name}_precision"
        super().__init__(**kwargs)

    def to_representation(self, record):
        return partial_date(getattr(record, self.date), getattr(record, self.precision))

    def getter(self, read):
        date, precision = read(self.date), read(self.precision)
        return lambda record: partial_date(date(record), precision(record))


# How much of an ISO date each precision keeps; strftime takes several times longer.
ISO_LENGTHS = {Precision.YEAR: 4, Precision.MONTH: 7, Precision.DAY: 10}


def partial_date(date, precision) -> str | None:
    """PartialDate.isoformat without building a PartialDate (which checks its precision)."""
    if date is None or not precision:
        return None
    if date.year < 1000:  # isoformat pads the year to four digits, strftime does not
        return date.strftime(ISO_FORMATS[precision])
    return date.isoformat()[: ISO_LENGTHS[precision]]


@extend_schema_field({"type": "string", "format": "date-time"})
class InstantField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.isoformat()

    def getter(self, read):
        get = read(self.source)
        return lambda record: get(record).isoformat()


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
        return page_url(record, self.context)


# What a slug converter takes; an address carries such a key as it is.
URL_SAFE_KEY = re.compile(r"[-a-zA-Z0-9_]+")


def page_url(record, context) -> str:
    """The record page's address, worked out once per record for its page_url and its citation.

    A record page's address is a prefix and the record's slug, or key for a source
    (``get_absolute_url``): the first record of a type in a response gives the prefix, which the
    others reuse instead of a ``reverse()`` each. A key an address would not carry as it is goes
    through ``reverse()``, as does every record of a type whose address does not end in its key."""
    if "_api_page_url" in record.__dict__:
        return record.__dict__["_api_page_url"]
    model, base_url = type(record), context["base_url"]
    key = record.slug if hasattr(model, "slug") else record.key
    prefixes = context.setdefault("page_url_prefixes", {})
    prefix = prefixes.get(model)
    if prefix is not None and URL_SAFE_KEY.fullmatch(key):
        url = f"{base_url}{prefix}{key}/"
    else:
        path = record.get_absolute_url()
        url = base_url + path
        if model not in prefixes and URL_SAFE_KEY.fullmatch(key) and path.endswith(f"/{key}/"):
            prefixes[model] = path.removesuffix(f"{key}/")
    record.__dict__["_api_page_url"] = url
    return url


class CitationSerializer(serializers.Serializer):
    """How to cite the record page (open_data/citations.py), as its "Cite this" box does."""

    permalink = serializers.URLField()
    title = serializers.CharField()
    accessed = serializers.DateField()
    text = serializers.CharField(help_text="The citation as plain text.")
    bibtex = serializers.CharField(help_text="The citation as a BibTeX @misc entry.")


@extend_schema_field(CitationSerializer)
class CitationField(RecordField):
    def to_representation(self, record):
        context = self.context
        link = page_url(record, context)
        return citation(
            record,
            link,
            context["accessed"],
            context["accessed_words"],
            context["zone"],
            context["citation_wording"],
        ).as_dict()
