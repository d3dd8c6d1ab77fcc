"""Pages, feed and files of the releases (``releases``), and record pages as of a release.

A release's files are served whole with their checksums, like the downloads (``views.send``),
and may be cached for ever: nothing in a finished release changes.
"""

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from . import datapackage, downloads, releases
from .feeds import AtomFeed
from .views import TYPE_LABELS, send

CHANGE_LABELS = {
    "added": gettext_lazy("Added"),
    "changed": gettext_lazy("Changed"),
    "removed": gettext_lazy("Removed"),
}
SHOWN_CHANGES = 100  # per type and kind on the page; changelog.json lists every one
FOREVER = 365 * 24 * 3600


def release_or_404(name: str):
    release = releases.named(name)
    if release is None:
        raise Http404(_("There is no release “%(name)s”.") % {"name": name})
    return release


def summary(release) -> list[dict]:
    """Per type: records published, and how many were added, changed and removed."""
    types = release.changelog.get("types", {})
    return [
        {
            "label": TYPE_LABELS[type_name],
            "count": release.counts.get(type_name, 0),
            **{change: len(types.get(type_name, {}).get(change, [])) for change in CHANGE_LABELS},
        }
        for type_name in downloads.TYPE_NAMES
    ]


@require_safe
def release_list(request):
    found = list(releases.finished())
    context = {
        "releases": [{"release": release, "types": summary(release)} for release in found],
        "licence": downloads.LICENCE,
        "licence_url": downloads.LICENCE_URL,
    }
    return render(request, "tiers/releases.html", context)


@require_safe
def release_page(request, name):
    release = release_or_404(name)
    files = {file.name: file for file in release.build.files.all()}
    changes = []
    for type_name in downloads.TYPE_NAMES:
        kinds = release.changelog["types"].get(type_name, {})
        for change, label in CHANGE_LABELS.items():
            entries = kinds.get(change, [])
            if entries:
                changes.append(
                    {
                        "type": TYPE_LABELS[type_name],
                        "label": label,
                        "total": len(entries),
                        "entries": entries[:SHOWN_CHANGES],
                    }
                )
    context = {
        "release": release,
        "previous": releases.previous(release),
        "types": summary(release),
        "files": [
            {"file": files[name], "url": reverse("release_file", args=[release.name, name])}
            for name in releases.FILE_NAMES
            if name in files
        ],
        "changes": changes,
        "citation": releases.citation(release),
        "changelog_url": reverse("release_file", args=[release.name, "changelog.json"]),
        "licence": downloads.LICENCE,
        "licence_url": downloads.LICENCE_URL,
    }
    return render(request, "tiers/release.html", context)


def lost() -> HttpResponse:
    return HttpResponse(
        _("This file of the release is missing from storage; it will be restored."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )


@require_safe
def release_file(request, name, file_name):
    release = release_or_404(name)
    if file_name not in releases.FILE_NAMES:
        raise Http404(_("A release has no file “%(name)s”.") % {"name": file_name})
    file = release.build.files.filter(name=file_name).select_related("build").first()
    if file is None:
        raise Http404(_("A release has no file “%(name)s”.") % {"name": file_name})
    response = send(
        request,
        file,
        releases.file_name(release, file_name),
        content_type=releases.content_type(file_name),
        missing=lost,
    )
    if response.status_code in (200, 304):
        patch_cache_control(response, public=True, max_age=FOREVER, immutable=True)
    return response


class ReleasesFeed(AtomFeed):
    """An Atom feed of the releases, newest first."""

    feed_type = Atom1Feed

    def title(self):
        return _("Ukraine Security Guarantees Tracker: data releases")

    def subtitle(self):
        return _("Each dated, citable release of the published records.")

    def link(self):
        return reverse("open_data:releases")

    def items(self):
        return releases.finished()[:50]

    def item_title(self, item):
        return _("Release %(name)s") % {"name": item.name}

    def item_link(self, item):
        return reverse("open_data:release", args=[item.name])

    def item_guid(self, item):
        return f"release/{item.name}"

    def item_updateddate(self, item):
        return item.finished_at

    def item_pubdate(self, item):
        return item.finished_at

    def item_description(self, item):
        return ", ".join(f"{row['label']}: {row['count']}" for row in summary(item))


# -- Record pages as of a release --------------------------------------------------------------


def readable_as_of(type_name: str, kwarg: str):
    """A record page's view, read as of a release when its address asks ``?release=``."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, **kwargs):
            if "release" in request.GET:
                return as_of_page(request, type_name, kwargs[kwarg], request.path)
            return view(request, **kwargs)

        return wrapped

    return decorate


def as_of_page(request, type_name: str, page_key: str, current_url: str):
    """A record page as the record stood in the release ``?release=`` names, from its
    snapshot; 404 if the release does not exist or did not hold the record."""
    name = request.GET["release"]
    release = release_or_404(name)
    record = releases.record_as_of(release, type_name, page_key)
    if record is None:
        raise Http404(
            _("Release %(name)s holds no such record; see the current one.") % {"name": name}
        )
    columns = {column.name: column for column in datapackage.columns(type_name)}
    rows = [
        {"name": name, "values": shown(columns[name], value, release.name)}
        for name, value in record.items()
        if name in columns
    ]
    related = []
    for related_type, related_record in releases.shown_with(release, type_name, page_key):
        related_columns = {column.name: column for column in datapackage.columns(related_type)}
        related.append(
            {
                "label": TYPE_LABELS[related_type],
                "rows": [
                    {"name": name, "values": shown(related_columns[name], value, release.name)}
                    for name, value in related_record.items()
                    if name in related_columns
                ],
            }
        )
    context = {
        "release": release,
        "type_label": TYPE_LABELS[type_name],
        "related": related,
        "title": record.get("title") or record.get("name") or record.get("slug") or page_key,
        "rows": rows,
        "current_url": current_url,
        "release_url": reverse("open_data:release", args=[release.name]),
    }
    response = render(request, "tiers/as_of.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def shown(column, value, release_name: str) -> list[tuple[str, str | None]]:
    """A value as the page shows it: each item's text and, for a record with a page of its own
    in the release, the address of that page as of the release."""
    items = value if isinstance(value, list) else [value]
    target = column.target[0] if column.target else None
    shown_items = []
    for item in items:
        if item is None or item == "":
            continue
        text = (_("yes") if item else _("no")) if isinstance(item, bool) else str(item)
        link = None
        if target in releases.OWN_PAGES and target != "tiers":
            link = releases.page_path(target, str(item), release_name)
        shown_items.append((text, link))
    return shown_items
