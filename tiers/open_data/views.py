"""Pages and files of the open data: the downloads page and its files, and the API guide.

The files are served from the newest finished build (``download_builds``), whole, with
their size and SHA-256; a conditional request for the same file is answered 304. A CSV or JSON
file goes to a reader who accepts gzip as its gzip copy, written with the build: with
``Content-Encoding: gzip``, the copy's own length, checksum and ETag (its SHA-256; RFC 9530: the
representation is the encoded bytes). The downloads page lists the plain files' checksums, those
of what a reader has saved once decoded.
"""

import base64

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from guarantees_site.compression import accepts_gzip

from .. import structured_data
from ..models import Commitment, Tier
from . import download_builds, downloads
from .api.resources import RESOURCES
from .citations import request_base_url

TYPE_LABELS = {
    "tiers": _("Tiers"),
    "sources": _("Sources"),
    "actors": _("Actors"),
    "memberships": _("Memberships"),
    "commitments": _("Commitments"),
    "statements": _("Statements"),
    "status-changes": _("Status changes"),
    "figures": _("Figures"),
}

DATASET_DESCRIPTION = _(
    "Every published record as CSV, XLSX and JSON, in the format the tracker imports, under "
    "CC BY 4.0."
)


def preparing() -> HttpResponse:
    """Before the very first build has finished: a 503 that says when to try again."""
    response = HttpResponse(
        _("The downloads are being prepared. Please try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(settings.DOWNLOAD_RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


class Variant:
    """What a request is served of a file: the file itself, or its gzip copy."""

    def __init__(self, file, gzipped: bool):
        self.file = file
        self.gzipped = gzipped
        self.storage_name = file.gzip_storage_name if gzipped else file.storage_name
        self.size = file.gzip_size if gzipped else file.size
        self.sha256 = file.gzip_sha256 if gzipped else file.sha256
        # Strong, and each variant's own: the SHA-256 of the very bytes sent.
        self.etag = f'"{self.sha256}"'

    @classmethod
    def chosen(cls, request, file):
        return cls(file, gzipped=file.has_gzip and accepts_gzip(request))


def file_headers(response, variant: Variant) -> None:
    """Size, checksum (RFC 9530 Repr-Digest and the older RFC 3230 Digest, both of the bytes
    sent), licence, time."""
    generated = variant.file.build.generated_at
    checksum = base64.b64encode(bytes.fromhex(variant.sha256)).decode()
    response["ETag"] = variant.etag
    response["Repr-Digest"] = f"sha-256=:{checksum}:"
    response["Digest"] = f"sha-256={checksum}"
    response["Last-Modified"] = http_date(generated.timestamp())
    response["Link"] = f'<{downloads.LICENCE_URL}>; rel="license"'
    response["X-Generated-At"] = generated.isoformat()
    if variant.file.has_gzip:
        patch_vary_headers(response, ("Accept-Encoding",))
    # The bytes must stay those the checksum names: no compression on the way (a ZIP and an
    # XLSX are compressed already; a CSV or JSON file has its gzip copy).
    patch_cache_control(response, no_transform=True)


def serve(request, name: str):
    file = download_builds.served_file(name)
    if file is None:
        return preparing()
    return send(request, file, downloads.dated_name(name, file.build.generated_at))


def send(request, file, saved_name: str, content_type: str | None = None, missing=preparing):
    """A built file, whole, with its checksums; ``missing`` answers if storage has lost it."""
    variant = Variant.chosen(request, file)
    generated = file.build.generated_at
    not_modified = get_conditional_response(
        request, etag=variant.etag, last_modified=int(generated.timestamp())
    )
    if not_modified is not None:
        file_headers(not_modified, variant)
        return not_modified
    try:
        handle = download_builds.storage().open(variant.storage_name, "rb")
    except FileNotFoundError:
        download_builds.forget(file.build)
        return missing()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=saved_name,
        content_type=content_type or downloads.content_type(file.name),
    )
    response["Content-Length"] = str(variant.size)
    if variant.gzipped:
        response["Content-Encoding"] = "gzip"
    file_headers(response, variant)
    return response


def file_path(name: str) -> str:
    """The address a download file is served at, by its name in ``downloads.FILE_NAMES``."""
    if name == downloads.ZIP_NAME:
        return reverse("download_zip")
    return reverse("download_file", args=name.rsplit(".", 1))


def dataset(request, generated_at) -> dict:
    """The downloads as a schema.org Dataset, one DataDownload per file the page offers."""
    return structured_data.dataset(
        request,
        name=str(_("Ukraine Security Guarantees Tracker: every published record")),
        description=str(DATASET_DESCRIPTION),
        licence_url=downloads.LICENCE_URL,
        generated_at=generated_at,
        files=[
            (name, file_path(name), downloads.content_type(name)) for name in downloads.FILE_NAMES
        ],
    )


@require_safe
def downloads_page(request):
    build, current = download_builds.served_build()
    built = {file.name: file for file in build.files.all()} if build else {}
    files = [
        {
            "type": type_name,
            "label": TYPE_LABELS[type_name],
            "count": getattr(built.get(f"{type_name}.csv"), "rows", None),
            "links": [(ext.upper(), file_path(f"{type_name}.{ext}")) for ext in downloads.FORMATS],
        }
        for type_name in downloads.TYPE_NAMES
    ]
    context = {
        "files": files,
        "checksums": [built[name] for name in downloads.FILE_NAMES if name in built],
        "generated_at": build.generated_at if build else None,
        "zip_url": file_path(downloads.ZIP_NAME),
        "licence": downloads.LICENCE,
        "licence_url": downloads.LICENCE_URL,
        "columns": [
            (TYPE_LABELS[name], downloads.column_descriptions(name))
            for name in downloads.TYPE_NAMES
        ],
        "structured_data": dataset(request, build.generated_at if build else None),
    }
    response = render(request, "tiers/downloads.html", context)
    if not current:
        # Its sizes and checksums change when the build in progress finishes.
        patch_cache_control(response, no_cache=True)
    return response


@require_safe
def download_file(request, type_name, extension):
    if type_name not in downloads.QUERYSETS or extension not in downloads.FORMATS:
        raise Http404("No such download.")
    return serve(request, f"{type_name}.{extension}")


@require_safe
def download_zip(request):
    return serve(request, downloads.ZIP_NAME)


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
