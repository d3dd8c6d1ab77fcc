"""The read-only JSON API: a list and a detail view per record type, and the OpenAPI document.

Every response carries an ETag (a hash of its body) and a Last-Modified, and answers a matching
conditional request with 304. Cross-origin reads are allowed by django-cors-headers (settings).
"""

import datetime
import hashlib
import json
import re

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .. import content_version
from ..citations import request_base_url
from . import params
from .openapi import document
from .resources import Context

DEFAULT_PAGE_SIZE = 50
# Shared caches may keep a response this long; clients revalidate cheaply with the ETag.
MAX_AGE = 60
# The document changes only with the code, so it is as new as the running process.
STARTED = timezone.now()


def error(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def conditional_json(request, data, last_modified: datetime.datetime) -> HttpResponse:
    """A JSON response with validators, or 304 when the client's copy is still current."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    seconds = int(last_modified.timestamp())
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(seconds)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return get_conditional_response(request, etag=etag, last_modified=seconds, response=response)


def context(request) -> Context:
    return Context(base_url=request_base_url(request), accessed=timezone.localdate())


def page_link(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return f"{request_base_url(request)}{request.path}?{query.urlencode()}"


def latest_change() -> datetime.datetime:
    """A list's lower bound: when published content last changed (the content version), which
    also moves when a record leaves the list, and never when only drafts are written. Now, when
    the cache that keeps the version cannot be reached."""
    version = content_version.current()
    if version is None:
        return timezone.now()
    return datetime.datetime.fromtimestamp(content_version.changed_at(version), datetime.UTC)


@csrf_exempt  # never changes anything; other methods get 405 instead of a CSRF 403
@require_safe
def list_view(request, resource):
    values, errors = params.read(request.GET, (*params.COMMON, *resource.filters))
    if errors:
        return error(400, "Some query parameters are not valid.", errors)
    queryset = resource.apply_filters(resource.queryset(), values)
    if "updated_since" in values:
        queryset = resource.updated_since(queryset, values["updated_since"])
    # The id only grows, so a record added while a client pages through lands on the last page.
    queryset = queryset.order_by("id")
    paginator = Paginator(queryset, values.get("page_size", DEFAULT_PAGE_SIZE))
    number = values.get("page", 1)
    try:
        page = paginator.page(number)
    except EmptyPage:
        return error(404, f"There is no page {number}; the last page is {paginator.num_pages}.")
    records = list(page.object_list)
    ctx = context(request)
    data = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": paginator.per_page,
        "next": page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_link(request, page.previous_page_number())
        if page.has_previous()
        else None,
        "results": [resource.serialize(record, ctx) for record in records],
    }
    moments = [latest_change(), *(resource.last_modified(r) for r in records)]
    return conditional_json(request, data, max(moments))


@csrf_exempt
@require_safe
def detail_view(request, resource, key):
    # Exactly what the lookup's schema in the OpenAPI document allows.
    pattern = r"[1-9][0-9]{0,17}" if resource.lookup == "id" else r"[-a-zA-Z0-9_]{1,200}"
    if not re.fullmatch(pattern, key):
        return error(400, f"“{key}” is not a valid {resource.lookup} of a {resource.singular}.")
    record = resource.queryset().filter(**{resource.lookup: key}).first()
    if record is None:
        return error(
            404, f"There is no published {resource.singular} with {resource.lookup} “{key}”."
        )
    data = resource.serialize(record, context(request))
    return conditional_json(request, data, resource.last_modified(record))


@csrf_exempt
@require_safe
def openapi_view(request):
    return conditional_json(request, document(), STARTED)
