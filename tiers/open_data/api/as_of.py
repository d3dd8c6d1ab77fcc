"""The API as of a release: ``?release=2026-12-01.1`` on a list or a record.

The records come from the release's snapshot (``releases``), never today's tables, as the
release's JSON download holds them (the download's columns: a tier named by its number, lists as
arrays, empty as null). Each answer names the release and links to the current state.
"""

from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response

from ...models import ReleaseRecord
from .. import datapackage, releases
from ..citations import request_base_url
from . import filtering

PARAMETER = "release"
DESCRIPTION = (
    "Read the records as they stood in this release of the open data (e.g. 2026-12-01.1, "
    "listed at /en/downloads/releases/), from its snapshot: each as the release's JSON download "
    "holds it, in `record` (a record) or `results` (a list); filters other than the page do not "
    "apply."
)


def release_named(request):
    name = request.query_params.get(PARAMETER, "")
    if not name:
        raise filtering.InvalidParameters(
            {PARAMETER: ["Give a release's version, e.g. 2026-12-01.1."]}
        )
    release = releases.named(name)
    if release is None:
        raise NotFound(
            f"There is no release “{name}”; the releases are listed at /en/downloads/releases/."
        )
    return release


def about(request, release, current_path: str) -> dict:
    base = request_base_url(request)
    return {
        "name": release.name,
        "released_on": release.released_on.isoformat(),
        "url": base + releases.release_path(release),
        "current": base + current_path,
        "note": "An older state of the records, as this release holds them.",
    }


def listed(view, request):
    """A page of a type's records as of the release."""
    allowed = (PARAMETER, *view.paginator.parameters)
    errors = filtering.query_errors(request.query_params, allowed)
    errors |= view.paginator.parameter_errors(request.query_params)
    if errors:
        raise filtering.InvalidParameters(errors)
    release = release_named(request)
    records = ReleaseRecord.objects.filter(release=release, type_name=view.plural).order_by("pk")
    page = view.paginate_queryset(records.only("data"))
    response = view.get_paginated_response([datapackage.loads(row.data) for row in page])
    response.data = {"release": about(request, release, request.path), **response.data}
    view.last_modified = release.finished_at
    return response


def one(view, request, key: str):
    """One record as of the release, by its key in the address."""
    errors = filtering.query_errors(request.query_params, (PARAMETER,))
    if errors:
        raise filtering.InvalidParameters(errors)
    if view.plural not in releases.OWN_PAGES:
        raise ParseError(
            f"A {view.singular} is read as of a release in the list: "
            f"/api/v1/{view.plural}/?release=…"
        )
    release = release_named(request)
    record = releases.record_as_of(release, view.plural, key)
    if record is None:
        raise NotFound(
            f"Release {release.name} holds no {view.singular} with {view.lookup_field} “{key}”."
        )
    view.last_modified = release.finished_at
    return Response({"release": about(request, release, request.path), "record": record})
