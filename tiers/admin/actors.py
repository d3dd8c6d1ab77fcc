from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from ..importing.resources import ActorResource, MembershipResource
from ..models import Actor, Membership
from .concurrency import EditVersionInlineMixin
from .translations import TranslatedAdmin
from .widgets import CachedAutocompleteMixin

DATE_FIELDS = ["start_on", "start_precision", "end_on", "end_precision"]


class MembershipInline(EditVersionInlineMixin, CachedAutocompleteMixin, TranslationTabularInline):
    model = Membership
    fk_name = "member"
    fields = ["organisation", "role", "title", *DATE_FIELDS, "source", "visibility"]
    autocomplete_fields = ["organisation", "source"]
    extra = 0
    verbose_name = _("place in another actor")
    verbose_name_plural = _("places in other actors")

    def get_queryset(self, request):
        # Each row's label names both actors.
        return super().get_queryset(request).select_related("member", "organisation")


@admin.register(Actor)
class ActorAdmin(TranslatedAdmin):
    resource_classes = [ActorResource]
    list_display = ["name", "short_name", "kind", "iso_code", "wikidata_id", "visibility"]
    list_filter = ["kind", "visibility"]
    search_fields = [
        "name_en",
        "name_uk",
        "short_name_en",
        "short_name_uk",
        "slug",
        "iso_code",
        "wikidata_id",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "description", "visibility"]}),
        (_("Identifiers"), {"fields": ["iso_code", "wikidata_id"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(TranslatedAdmin):
    resource_classes = [MembershipResource]
    list_display = ["member", "role", "title", "organisation", "start", "end", "visibility"]
    list_filter = ["role", "organisation__kind", "member__kind", "visibility", "start_on"]
    list_select_related = ["member", "organisation"]
    search_fields = ["member__name_en", "organisation__name_en", "title_en", "title_uk"]
    autocomplete_fields = ["member", "organisation", "source"]
    date_hierarchy = "start_on"
    readonly_fields = ["created_at", "updated_at"]
    fields = [
        "member",
        "organisation",
        "role",
        "title",
        *DATE_FIELDS,
        "source",
        "visibility",
        "created_at",
        "updated_at",
    ]
