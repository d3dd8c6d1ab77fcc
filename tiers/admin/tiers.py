from django.contrib import admin

from ..models import Tier


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "summary", "visibility", "updated_at"]
    list_display_links = ["number", "name"]
    list_filter = ["visibility"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
