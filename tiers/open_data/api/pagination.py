"""Pages of an API list: ``page`` and ``page_size``, read as strictly as the filters.

A list's count is the one costly part of a page that does not depend on the page: a scan of every
record the filters keep. It is kept in the shared cache under the content version and the filters
(``CachedCountPaginator``), so a client paging through a list, or many clients asking for the same
list, count it once per content version; a change to published content changes the version, and
so the count is never older than the records on the page. Like the counts the pages keep
(``tiers.summaries``), it is kept between writes whether or not pages are cached
(``PUBLIC_CACHE_SECONDS``), for ``COUNT_SECONDS`` at most, and counted in the database when the
cache cannot be reached.
"""

import hashlib
from functools import cached_property

from django import forms
from django.core.paginator import EmptyPage, Paginator
from django.utils.http import urlencode
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from ... import content_version
from ...filters.fields import WholeNumberField
from ...kept import kept_or_computed
from ...models.search import PageExtent
from ..citations import request_base_url

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000
# A count is exact for its content version; the lifetime only lets the counts of versions gone
# by leave the cache.
COUNT_SECONDS = 3600


class PageForm(forms.Form):
    page = WholeNumberField(min_value=1, max_value=MAX_PAGE, required=False)
    page_size = WholeNumberField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


DESCRIPTIONS = {
    "page": "Page number, from 1.",
    "page_size": f"Records per page (default {DEFAULT_PAGE_SIZE}).",
}


def count_key(request, parameters) -> str | None:
    """Where the count of the list ``request`` asks for is kept: its address without the page
    parameters, under the content version; None when the cache cannot be reached."""
    version = content_version.current()
    if version is None:
        return None
    # The filters refused a parameter given twice already: one value each, in a fixed order.
    filters = sorted((k, v) for k, v in request.query_params.items() if k not in parameters)
    listed = f"{request.path}?{urlencode(filters)}"
    return f"api-count:{version}:{hashlib.sha256(listed.encode()).hexdigest()}"


def kept_count(queryset, key: str | None) -> int:
    """The count kept under ``key``, or ``queryset``'s, counted now and kept under it; counted
    each time when the cache cannot be reached."""
    if key is None:
        return queryset.count()
    return kept_or_computed(key, queryset.count, COUNT_SECONDS)


class CachedCountPaginator(Paginator):
    """A paginator whose count is kept in the shared cache (``count_key``)."""

    def __init__(self, object_list, per_page, key: str | None):
        super().__init__(object_list, per_page)
        self.key = key

    @cached_property
    def count(self) -> int:
        return kept_count(self.object_list, self.key)


class PagePagination(BasePagination):
    """Numbered pages with the count, the number of pages and links to the next and previous.

    The view orders the records by id, which never changes, so a record added while a client
    pages through lands on the last page.
    """

    parameters = tuple(PageForm.base_fields)

    def read(self, query) -> PageForm:
        """The page parameters of ``query``, validated once per request."""
        if getattr(self, "form", None) is None:
            self.form = PageForm({name: query[name] for name in self.parameters if name in query})
            self.form.is_valid()
        return self.form

    def parameter_errors(self, query) -> dict:
        return dict(self.read(query).errors)

    def number_and_size(self, query) -> tuple[int, int]:
        # The filter backend refuses the request if the form is not valid.
        data = self.read(query).cleaned_data
        return data.get("page") or 1, data.get("page_size") or DEFAULT_PAGE_SIZE

    def extent(self, request) -> PageExtent:
        """How far into its list the page asked for reads, and its list's count: kept, or
        counted and kept, once for the list and its page."""
        number, size = self.number_and_size(request.query_params)
        key = count_key(request, self.parameters)
        return PageExtent(number * size, lambda queryset: kept_count(queryset, key))

    def paginate_queryset(self, queryset, request, view=None):
        number, size = self.number_and_size(request.query_params)
        self.paginator = CachedCountPaginator(queryset, size, count_key(request, self.parameters))
        try:
            self.page = self.paginator.page(number)
        except EmptyPage:
            raise NotFound(
                f"There is no page {number}; the last page is {self.paginator.num_pages}."
            ) from None
        self.request = request
        return list(self.page.object_list)

    def link(self, number: int) -> str:
        query = self.request.query_params.copy()
        query["page"] = str(number)
        return f"{request_base_url(self.request)}{self.request.path}?{query.urlencode()}"

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            {
                "count": self.paginator.count,
                "page": page.number,
                "pages": self.paginator.num_pages,
                "page_size": self.paginator.per_page,
                "next": self.link(page.next_page_number()) if page.has_next() else None,
                "previous": self.link(page.previous_page_number()) if page.has_previous() else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "additionalProperties": False,
            "required": ["count", "page", "pages", "page_size", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0, "description": "Records in all pages."},
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "page_size": {"type": "integer", "minimum": 1},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        maxima = {"page": MAX_PAGE, "page_size": MAX_PAGE_SIZE}
        return [
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": DESCRIPTIONS[name],
                "schema": {"type": "integer", "minimum": 1, "maximum": maxima[name]},
            }
            for name in self.parameters
        ]
