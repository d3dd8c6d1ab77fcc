from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Source
from .editorial import EditorialAdmin


@admin.register(Source)
class SourceAdmin(EditorialAdmin, admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published", "link", "visibility"]
    list_filter = ["kind", "visibility", "published_on"]
    search_fields = ["title", "publisher", "url", "key"]
    prepopulated_fields = {"key": ["title"]}
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at"]
    fields = [
        "title",
        "key",
        "publisher",
        "kind",
        "url",
        "archived_url",
        "published_on",
        "published_precision",
        "accessed_on",
        "visibility",
        "created_at",
        "updated_at",
    ]

    @admin.display(description=_("URL"), ordering="url")
    def link(self, source):
        if not source.url:
            return "–"
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', source.url, source.url)
