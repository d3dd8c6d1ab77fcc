from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..importing.resources import SourceResource
from ..links import safe_link_url
from ..models import Source
from .curated import CuratedAdmin
from .forms import SourceForm


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    resource_classes = [SourceResource]
    form = SourceForm
    list_display = ["title", "publisher", "kind", "published", "link", "link_status", "visibility"]
    # “Link status: broken” lists the sources whose links failed at the last check_sources run.
    list_filter = ["kind", "visibility", "link_status", "published_on"]
    search_fields = ["title", "publisher", "url", "key"]
    prepopulated_fields = {"key": ["title"]}
    date_hierarchy = "published_on"
    readonly_fields = [
        "created_at",
        "updated_at",
        "link_status",
        "link_problem",
        "links_checked_at",
    ]
    fields = [
        "title",
        "key",
        "publisher",
        "kind",
        "url",
        "archived_url",
        "published",
        "accessed_on",
        "visibility",
        "link_status",
        "link_problem",
        "links_checked_at",
        "created_at",
        "updated_at",
    ]

    @admin.display(description=_("URL"), ordering="url")
    def link(self, source):
        if not source.url:
            return "–"
        if not (link := safe_link_url(source.url)):
            return source.url  # shown as text (escaped), never as a link
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', link, link)
