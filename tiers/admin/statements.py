from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..importing.resources import StatementResource
from ..models import Statement
from .curated import CuratedAdmin
from .forms import StatementForm


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    resource_classes = [StatementResource]
    form = StatementForm
    list_display = ["excerpt", "speaker", "said", "language", "occasion", "visibility"]
    list_filter = ["tiers", "language", "speaker__kind", "visibility", "said_on"]
    list_select_related = ["speaker"]
    search_fields = ["quote", "translation", "speaker__name", "occasion", "slug"]
    autocomplete_fields = ["speaker", "on_behalf_of", "tiers", "commitments", "sources"]
    date_hierarchy = "said_on"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["speaker", "speaker_role", "on_behalf_of", "slug", "visibility"]}),
        (_("When and where"), {"fields": ["said", "occasion"]}),
        (_("Words"), {"fields": ["quote", "language", "translation", "translated_by"]}),
        (_("Concerns"), {"fields": ["tiers", "commitments"]}),
        (_("Evidence"), {"fields": ["sources"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("quote"), ordering="quote")
    def excerpt(self, statement):
        return statement.excerpt
