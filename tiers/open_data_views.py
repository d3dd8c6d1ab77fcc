"""Pages and files of the open data: the downloads page and its files, and the API guide."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import downloads
from .api.resources import RESOURCES
from .citations import request_base_url
from .models import Commitment, Tier

TYPE_LABELS = {
    "tiers": _("Tiers"),
    "sources": _("Sources"),
    "actors": _("Actors"),
    "memberships": _("Memberships"),
    "commitments": _("Commitments"),
    "statements": _("Statements"),
    "status-changes": _("Status changes"),
}


def attachment(chunks, name: str, content_type: str, generated) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{downloads.LICENCE_URL}>; rel="license"'
    response["X-Generated-At"] = generated.isoformat()
    return response


@require_safe
def downloads_page(request):
    # One count per record type.
    files = [
        {
            "type": type_name,
            "label": TYPE_LABELS[type_name],
            "count": downloads.QUERYSETS[type_name]().count(),
            "links": [
                (ext.upper(), reverse("download_file", args=[type_name, ext]))
                for ext in downloads.FORMATS
            ],
        }
        for type_name in downloads.TYPE_NAMES
    ]
    context = {
        "files": files,
        "zip_url": reverse("download_zip"),
        "licence": downloads.LICENCE,
        "licence_url": downloads.LICENCE_URL,
        "columns": [
            (TYPE_LABELS[name], downloads.column_descriptions(name))
            for name in downloads.TYPE_NAMES
        ],
    }
    return render(request, "tiers/downloads.html", context)


@require_safe
def download_file(request, type_name, extension):
    if type_name not in downloads.QUERYSETS or extension not in downloads.FORMATS:
        raise Http404("No such download.")
    generated = downloads.now()
    return attachment(
        downloads.stream(type_name, extension, generated),
        downloads.file_name(type_name, extension, generated),
        downloads.FORMATS[extension],
        generated,
    )


@require_safe
def download_zip(request):
    generated = downloads.now()
    name = f"{downloads.FILE_PREFIX}-all-{generated:%Y%m%dT%H%M%SZ}.zip"
    return attachment(downloads.zip_chunks(generated), name, "application/zip", generated)


@require_safe
def api_guide(request):
    base = request_base_url(request)
    # Real addresses make examples that work when pasted.
    example_commitment = (
        Commitment.objects.public().order_by("pk").values_list("slug", flat=True).first()
        or "a-commitment"
    )
    example_tier = (
        Tier.objects.public().order_by("number").values_list("slug", flat=True).first() or "a-tier"
    )
    context = {
        "api_root": f"{base}/api/v1",
        "openapi_url": base + reverse("api:openapi"),
        "resources": [
            {
                "name": resource.name,
                "description": resource.description,
                "list_url": f"{base}/api/v1/{resource.name}/",
                "detail_url": f"{base}/api/v1/{resource.name}/{{{resource.lookup}}}/",
                "filters": resource.filters,
            }
            for resource in RESOURCES
        ],
        "example_commitment": example_commitment,
        "example_tier": example_tier,
    }
    return render(request, "tiers/api_guide.html", context)
