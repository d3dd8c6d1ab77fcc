"""The API as of a release: ``?release=2026-12-01.1`` on a list or a record.

The records come from the release's snapshot (``releases``), never today's tables, as the
release's JSON download holds them (the download's columns: a tier named by its number, lists as
arrays, empty as null). Each answer names the release and links to the current state.
"""

from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ...models import ReleaseRecord
from .. import datapackage, releases
from ..citations import request_base_url
from . import filtering, languages

PARAMETER = "release"
DESCRIPTION = (
    "Read the records as they stood in this release of the open data (e.g. 2026-12-01.1, "
    "listed at /en/downloads/releases/), from its snapshot: each as the release's JSON download "
    "holds it, in `record` (a record) or `results` (a list). The list's filters and `lang` are "
    "accepted but do not apply to a release: `release.not_applied` names those given."
)
# A release's version: its date and its number that day.
PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\.[0-9]+$"


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


def not_applied(request, view) -> list[str]:
    """The parameters given that a release's snapshot does not filter by."""
    paging = (PARAMETER, *view.paginator.parameters)
    return sorted(name for name in request.query_params if name not in paging)


def accepted(view, list_view: bool) -> tuple[str, ...]:
    """What an address read as of a release takes: the release, the language and, for a list,
    its page and the list's filters (which do not apply to the snapshot)."""
    names = [PARAMETER, languages.PARAMETER]
    if list_view:
        names += [*view.paginator.parameters, *view.filterset_class.base_filters]
    return tuple(dict.fromkeys(names))


def about(request, release, current_path: str, view) -> dict:
    base = request_base_url(request)
    return {
        "name": release.name,
        "released_on": release.released_on.isoformat(),
        "url": base + releases.release_path(release),
        "current": base + current_path,
        "note": "An older state of the records, as this release holds them.",
        "not_applied": not_applied(request, view),
    }


def listed(view, request):
    """A page of a type's records as of the release."""
    errors = filtering.query_errors(request.query_params, accepted(view, list_view=True))
    errors |= view.paginator.parameter_errors(request.query_params)
    if errors:
        raise filtering.InvalidParameters(errors)
    release = release_named(request)
    records = ReleaseRecord.objects.filter(release=release, type_name=view.plural).order_by("pk")
    page = view.paginate_queryset(records.only("data"))
    response = view.get_paginated_response([datapackage.loads(row.data) for row in page])
    response.data = {"release": about(request, release, request.path, view), **response.data}
    view.last_modified = release.finished_at
    return response


def one(view, request, key: str):
    """One record as of the release, by its key in the address."""
    errors = filtering.query_errors(request.query_params, accepted(view, list_view=False))
    if errors:
        raise filtering.InvalidParameters(errors)
    if view.plural not in releases.OWN_PAGES:
        # No address of its own in a release: not there, and where to look instead.
        raise NotFound(
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
    return Response({"release": about(request, release, request.path, view), "record": record})
