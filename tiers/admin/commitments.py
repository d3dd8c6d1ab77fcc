from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from ..importing.engine import form_fields
from ..importing.resources import CommitmentResource, FigureResource, StatusChangeResource
from ..models import Commitment, Figure, StatusChange
from .concurrency import EditVersionInlineMixin
from .forms import CommitmentForm, FigureForm, StatusChangeForm
from .translations import TranslatedAdmin
from .widgets import CachedAutocompleteMixin


class StatusChangeInline(EditVersionInlineMixin, CachedAutocompleteMixin, TranslationTabularInline):
    model = StatusChange
    fields = form_fields(StatusChangeResource, without=("commitment",))
    form = StatusChangeForm
    autocomplete_fields = ["source", "statement"]
    extra = 0
    # Compact rows that fit 1280 px, and a preview of the state they give the commitment.
    template = "tiers/admin/status_change_inline.html"

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 0  # a new commitment usually comes with its first changes

    class Media:
        css = {"all": ["tiers/admin/desk.css"]}
        js = ["tiers/admin/status_preview.js"]


FIGURE_FIELDS = form_fields(FigureResource, without=("commitment",))


class FigureInline(EditVersionInlineMixin, CachedAutocompleteMixin, TranslationStackedInline):
    """Each value a source gives, one figure per source where sources disagree."""

    model = Figure
    form = FigureForm
    fields = FIGURE_FIELDS
    autocomplete_fields = ["source", "status_change"]
    extra = 0
    classes = ["collapse"]


@admin.register(Commitment)
class CommitmentAdmin(TranslatedAdmin):
    def save_formset(self, request, form, formset, change):
        """A status change saved without a source cites the commitment's, when it has one only
        (as the row's help text says); the commitment's sources are saved by now."""
        if formset.model is StatusChange:
            sources = list(form.instance.sources.all()[:2])
            for row in formset.forms:
                if row.has_changed() and row.instance.source_id is None and len(sources) == 1:
                    row.instance.source = sources[0]
        super().save_formset(request, form, formset, change)

    resource_classes = [CommitmentResource]
    form = CommitmentForm
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
            {"fields": ["announced"]},
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
    form = StatusChangeForm
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
    fields = [*form_fields(StatusChangeResource), "created_at", "updated_at"]


@admin.register(Figure)
class FigureAdmin(TranslatedAdmin):
    resource_classes = [FigureResource]
    form = FigureForm
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
