"""The read-only API: a list and a detail per record type, over the public querysets.

Every 200 carries an ETag (a hash of its body), a Last-Modified and ``Cache-Control: public``, and
a matching conditional request gets 304. Cross-origin reads are allowed by django-cors-headers
(settings). Records come only from tiers/published.py, which says what the public may see.
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone, translation
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response

from ... import cache_tags, content_version, published
from ..citations import Wording, in_words, request_base_url
from . import as_of, filtering, languages, serializers
from .conditional import conditional
from .pagination import PagePagination
from .schema import described
from .throttling import AnonymousRateThrottle

# Exactly what the lookups' schemas in the OpenAPI document allow.
SLUG = r"[-a-zA-Z0-9_]{1,200}"
KEY_PATTERNS = {"id": r"[1-9][0-9]{0,17}", "slug": SLUG, "key": SLUG}


class RecordViewSet(viewsets.GenericViewSet):
    """A record type's list (``/api/v1/<name>/``) and detail (``/api/v1/<name>/<key>/``)."""

    plural: str  # as in the address: "commitments"
    singular: str
    about: str
    records = staticmethod(published.tiers)
    # Loads the lists of related records the serializer prints, for a page in fixed queries.
    relations = None
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # a malformed key gets a 400 in words, not a bare 404
    http_method_names = ["get", "head"]
    filter_backends = [filtering.StrictFilterBackend]
    pagination_class = PagePagination
    throttle_classes = [AnonymousRateThrottle]
    last_modified = None

    def get_queryset(self):
        return self.records()

    def get_serializer_context(self):
        accessed = timezone.localdate()
        words = in_words(accessed)
        return {
            "base_url": request_base_url(self.request),
            "accessed": accessed,
            "accessed_words": words,
            "zone": timezone.get_current_timezone(),
            "citation_wording": Wording.of(accessed, words),
        }

    def with_relations(self, records: list) -> list:
        if self.relations is not None and records:
            self.relations(records)
        return records

    def serialize(self, instance, many=False):
        return self.get_serializer(instance, many=many).data

    def dispatch(self, request, *args, **kwargs):
        # Messages in English for every client, as the API has always given them; the records'
        # texts, permalinks and citations in the language asked for (records_language).
        cache_tags.never_lags()  # clients read what changed since: no list may lag
        with translation.override(settings.LANGUAGE_CODE):
            return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def record_last_modified(record) -> datetime.datetime:
        return record.updated_at

    @staticmethod
    def latest_change() -> datetime.datetime:
        """A list's lower bound: when published content last changed (the content version), which
        also moves when a record leaves the list, and never when only drafts are written. Now, when
        the cache that keeps the version cannot be reached."""
        version = content_version.current()
        if version is None:
            return timezone.now()
        return datetime.datetime.fromtimestamp(content_version.changed_at(version), datetime.UTC)

    def list(self, request, *args, **kwargs):
        if as_of.PARAMETER in request.query_params:
            return as_of.listed(self, request)
        # The id only grows, so a record added while a client pages through lands on the last page.
        queryset = self.filter_queryset(self.get_queryset()).order_by("id")
        with self.records_language():
            records = self.with_relations(self.paginate_queryset(queryset))
            data = self.serialize(records, many=True)
        self.last_modified = max(
            [self.latest_change(), *(self.record_last_modified(r) for r in records)]
        )
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        key = kwargs[self.lookup_field]
        if as_of.PARAMETER not in request.query_params:
            filtering.refuse_invalid_parameters(request, self)
        if not re.fullmatch(KEY_PATTERNS[self.lookup_field], key):
            raise ParseError(f"“{key}” is not a valid {self.lookup_field} of a {self.singular}.")
        if as_of.PARAMETER in request.query_params:
            return as_of.one(self, request, key)
        record = self.get_queryset().filter(**{self.lookup_field: key}).first()
        if record is None:
            raise NotFound(
                f"There is no published {self.singular} with {self.lookup_field} “{key}”."
            )
        with self.records_language():
            self.with_relations([record])
            data = self.serialize(record)
        self.last_modified = self.record_last_modified(record)
        return Response(data)

    def records_language(self):
        """The records' texts, page addresses and citations in the language asked for
        (languages.py); messages stay in English."""
        self.language = languages.requested_language(self.request)
        return translation.override(self.language)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if language := getattr(self, "language", None):
            response["Content-Language"] = language
        if response.status_code == 200 and self.last_modified is not None:
            response.render()
            return conditional(request, response, self.last_modified)
        return response


@described
class TierViewSet(RecordViewSet):
    plural, singular = "tiers", "tier"
    about = "The levels of the guarantee system."
    records = staticmethod(published.tiers)
    serializer_class = serializers.TierSerializer
    filterset_class = filtering.TierApiFilter


@described
class ActorViewSet(RecordViewSet):
    plural, singular = "actors", "actor"
    about = "States, organisations, coalitions, people and bodies that commit or speak."
    records = staticmethod(published.actors)
    serializer_class = serializers.ActorSerializer
    filterset_class = filtering.ActorApiFilter


@described
class MembershipViewSet(RecordViewSet):
    plural, singular = "memberships", "membership"
    about = "An actor's place in another: a member of a coalition, a person in a post."
    records = staticmethod(published.memberships)
    lookup_field = "id"
    serializer_class = serializers.MembershipSerializer
    filterset_class = filtering.MembershipApiFilter


@described
class SourceViewSet(RecordViewSet):
    plural, singular = "sources", "source"
    about = "Where facts come from."
    records = staticmethod(published.sources)
    lookup_field = "key"
    serializer_class = serializers.SourceSerializer
    filterset_class = filtering.SourceApiFilter


@described
class CommitmentViewSet(RecordViewSet):
    plural, singular = "commitments", "commitment"
    about = "Pledges made under a tier, each with its published timeline of status changes."
    records = staticmethod(published.commitments)
    relations = staticmethod(published.commitment_relations)
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filtering.CommitmentApiFilter

    @staticmethod
    def record_last_modified(record) -> datetime.datetime:
        return max(
            [
                record.updated_at,
                *(change["updated_at"] for change in record.timeline),
                *(figure["updated_at"] for figure in record.figure_list),
            ]
        )


@described
class FigureViewSet(RecordViewSet):
    plural, singular = "figures", "figure"
    about = (
        "Amounts, shares of GDP and quantities of commitments, each with its own source: where "
        "sources disagree, each value is a figure of its own."
    )
    records = staticmethod(published.figures)
    lookup_field = "key"
    serializer_class = serializers.FigureSerializer
    filterset_class = filtering.FigureApiFilter


@described
class StatementViewSet(RecordViewSet):
    plural, singular = "statements", "statement"
    about = "What actors said, word for word, with translations and sources."
    records = staticmethod(published.statements)
    relations = staticmethod(published.statement_relations)
    serializer_class = serializers.StatementSerializer
    filterset_class = filtering.StatementApiFilter


VIEWSETS = (
    TierViewSet,
    ActorViewSet,
    MembershipViewSet,
    SourceViewSet,
    CommitmentViewSet,
    StatementViewSet,
    FigureViewSet,
)
