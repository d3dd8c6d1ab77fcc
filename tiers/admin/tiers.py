from django.contrib import admin

from ..importing.resources import TierResource
from ..models import Tier
from .translations import TranslatedAdmin


@admin.register(Tier)
class TierAdmin(TranslatedAdmin):
    resource_classes = [TierResource]
    list_display = ["number", "name", "summary", "visibility", "updated_at"]
    list_display_links = ["number", "name"]
    list_filter = ["visibility"]
    search_fields = ["name_en", "name_uk", "summary_en", "summary_uk", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["created_at", "updated_at"]
