from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from ..importing.resources import CommitmentResource, FigureResource, StatusChangeResource
from ..models import Commitment, Figure, StatusChange
from .concurrency import EditVersionInlineMixin
from .forms import PublishNeedsSourcesForm
from .translations import TranslatedAdmin
from .widgets import CachedAutocompleteMixin


class StatusChangeInline(EditVersionInlineMixin, CachedAutocompleteMixin, TranslationTabularInline):
    model = StatusChange
    fields = [
        "occurred_on",
        "occurred_precision",
        "progress",
        "legal_form",
        "summary",
        "source",
        "statement",
        "visibility",
    ]
    autocomplete_fields = ["source", "statement"]
    extra = 0


FIGURE_FIELDS = [
    "key",
    "kind",
    "value",
    "currency",
    "unit",
    "period_start_on",
    "period_start_precision",
    "period_end_on",
    "period_end_precision",
    "source",
    "status_change",
    "rank",
    "note",
    "visibility",
]


class FigureInline(EditVersionInlineMixin, CachedAutocompleteMixin, admin.StackedInline):
    """Each value a source gives, one figure per source where sources disagree."""

    model = Figure
    fields = FIGURE_FIELDS
    autocomplete_fields = ["source", "status_change"]
    extra = 0
    classes = ["collapse"]


@admin.register(Commitment)
class CommitmentAdmin(TranslatedAdmin):
    resource_classes = [CommitmentResource]
    form = PublishNeedsSourcesForm
    list_display = [
        "title",
        "tier",
        "lead_actor",
        "category",
        "progress",
        "legal_form",
        "condition",
        "announced",
        "visibility",
    ]
    list_filter = [
        "tier",
        "category",
        "progress",
        "legal_form",
        "condition",
        "condition_triggered",
        "visibility",
        "announced_on",
    ]
    list_select_related = ["tier", "lead_actor"]
    search_fields = ["title_en", "title_uk", "slug", "description_en", "description_uk"]
    autocomplete_fields = ["lead_actor", "actors", "sources"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "announced_on"
    readonly_fields = ["progress", "progress_since", "legal_form", "created_at", "updated_at"]
    inlines = [StatusChangeInline, FigureInline]
    fieldsets = [
        (None, {"fields": ["tier", "title", "slug", "description", "category", "visibility"]}),
        (_("Who"), {"fields": ["lead_actor", "actors"]}),
        (
            _("When"),
            {"fields": ["announced_on", "announced_precision"]},
        ),
        (
            _("Where it stands"),
            {
                "description": _(
                    "Progress and legal form follow the latest published status change below."
                ),
                "fields": [
                    "progress",
                    "progress_since",
                    "legal_form",
                    "term_years",
                    "condition",
                    "condition_description",
                    "condition_triggered",
                    "troop_position",
                ],
            },
        ),
        (_("Evidence"), {"fields": ["sources"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(StatusChange)
class StatusChangeAdmin(TranslatedAdmin):
    resource_classes = [StatusChangeResource]
    list_display = [
        "occurred",
        "commitment",
        "progress",
        "legal_form",
        "summary",
        "source",
        "visibility",
    ]
    list_filter = ["commitment__tier", "progress", "legal_form", "visibility", "occurred_on"]
    list_select_related = ["commitment", "source"]
    search_fields = ["summary_en", "summary_uk", "commitment__title_en", "commitment__title_uk"]
    autocomplete_fields = ["commitment", "source", "statement"]
    date_hierarchy = "occurred_on"
    readonly_fields = ["created_at", "updated_at"]
    fields = [
        "commitment",
        "occurred_on",
        "occurred_precision",
        "progress",
        "legal_form",
        "summary",
        "source",
        "statement",
        "visibility",
        "created_at",
        "updated_at",
    ]


@admin.register(Figure)
class FigureAdmin(TranslatedAdmin):
    resource_classes = [FigureResource]
    list_display = [
        "key",
        "commitment",
        "kind",
        "value",
        "currency",
        "unit",
        "rank",
        "source",
        "visibility",
    ]
    list_filter = ["commitment__tier", "kind", "currency", "rank", "visibility"]
    list_select_related = ["commitment", "source"]
    search_fields = ["key", "commitment__title", "note"]
    autocomplete_fields = ["commitment", "source", "status_change"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["commitment", *FIGURE_FIELDS, "created_at", "updated_at"]
