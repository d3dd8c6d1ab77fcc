from django.contrib import admin

from ..importing.resources import TierResource
from ..models import Tier
from .curated import CuratedAdmin


@admin.register(Tier)
class TierAdmin(CuratedAdmin):
    resource_classes = [TierResource]
    list_display = ["number", "name", "summary", "visibility", "updated_at"]
    list_display_links = ["number", "name"]
    list_filter = ["visibility"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
