from django.contrib import admin

from ..models import Tier
from .editorial import EditorialAdmin


@admin.register(Tier)
class TierAdmin(EditorialAdmin, admin.ModelAdmin):
    list_display = ["number", "name", "summary", "visibility", "updated_at"]
    list_display_links = ["number", "name"]
    list_filter = ["visibility"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
