from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..importing.resources import StatementResource
from ..models import QuoteTranslation, Statement
from .forms import PublishNeedsSourcesForm
from .translations import TranslatedAdmin
from .widgets import CachedAutocompleteMixin


class QuoteTranslationInline(CachedAutocompleteMixin, admin.TabularInline):
    model = QuoteTranslation
    fields = ["language", "text", "source"]
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(Statement)
class StatementAdmin(TranslatedAdmin):
    resource_classes = [StatementResource]
    form = PublishNeedsSourcesForm
    list_display = ["excerpt", "speaker", "said", "language", "occasion", "visibility"]
    list_filter = ["tiers", "language", "speaker__kind", "visibility", "said_on"]
    list_select_related = ["speaker"]
    search_fields = [
        "quote",
        "translations__text",
        "speaker__name_en",
        "speaker__name_uk",
        "occasion_en",
        "occasion_uk",
        "slug",
    ]
    autocomplete_fields = ["speaker", "on_behalf_of", "tiers", "commitments", "sources"]
    date_hierarchy = "said_on"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [QuoteTranslationInline]
    fieldsets = [
        (None, {"fields": ["speaker", "speaker_role", "on_behalf_of", "slug", "visibility"]}),
        (_("When and where"), {"fields": ["said_on", "said_precision", "occasion", "place"]}),
        (_("Words"), {"fields": ["quote", "language", "translated_by"]}),
        (_("Concerns"), {"fields": ["tiers", "commitments"]}),
        (_("Evidence"), {"fields": ["sources"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("quote"), ordering="quote")
    def excerpt(self, statement):
        return statement.excerpt
