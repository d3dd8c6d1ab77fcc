"""Both languages of a record's texts in the admin (see tiers/translation.py).

- ``TranslatedAdmin``: a curated record's form shows each translated field's English and
  Ukrainian side by side, on one row;
- ``TranslatedTabularInline``: the same for inline rows (one column per language);
- ``UkrainianMissingFilter``: a changelist filter for records whose Ukrainian text is missing;
- ``warn_translations_missing``: the completeness check's warnings, which never block a save.
"""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .. import workflow
from ..translation import column, translated_fields
from .curated import CuratedAdmin


class SideBySideMixin:
    def get_fieldsets(self, request, obj=None):
        """Forms without declared fieldsets list every field: pair the languages there too."""
        return [
            (name, {**options, "fields": self._paired(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def _paired(self, fields):
        translated = self.trans_opts.all_fields
        paired = []
        for name in fields:
            if isinstance(name, str) and name.endswith("_uk") and paired:
                english = paired[-1]
                if english == column(name.removesuffix("_uk"), "en") and name[:-3] in translated:
                    paired[-1] = (english, name)
                    continue
            paired.append(name)
        return paired

    def replace_orig_field(self, option):
        """Each translated field becomes one row holding its English and Ukrainian columns."""
        if not option:
            return option
        translated = self.trans_opts.all_fields
        return [
            (column(name, "en"), column(name, "uk"))
            if isinstance(name, str) and name in translated
            else name
            for name in option
        ]


def ukrainian_missing_q(model) -> models.Q:
    """Records with an English text whose Ukrainian is empty, for any of their translated fields."""
    condition = models.Q(pk__in=[])
    for name in translated_fields(model):
        english, ukrainian = column(name, "en"), column(name, "uk")
        has_english = ~models.Q(**{english: ""}) & models.Q(**{f"{english}__isnull": False})
        no_ukrainian = models.Q(**{ukrainian: ""}) | models.Q(**{f"{ukrainian}__isnull": True})
        condition |= has_english & no_ukrainian
    return condition


class UkrainianMissingFilter(admin.SimpleListFilter):
    title = _("Ukrainian text")
    parameter_name = "ukrainian"

    def lookups(self, request, model_admin):
        return [("missing", _("Ukrainian missing")), ("complete", _("Ukrainian complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(ukrainian_missing_q(queryset.model))
        if self.value() == "complete":
            return queryset.exclude(ukrainian_missing_q(queryset.model))
        return queryset


def warn_translations_missing(request, records):
    """Tell the editor what published records still lack in the other language (the
    completeness check's warnings, tiers.workflow.translation_warnings); nothing is refused."""
    for record in records:
        if warnings := workflow.translation_warnings(record):
            messages.warning(
                request,
                _("“%(record)s” is published, but: %(warnings)s")
                % {"record": record, "warnings": " ".join(warnings)},
            )


class TranslatedAdmin(SideBySideMixin, CuratedAdmin, TranslationAdmin):
    """A curated record with translated texts."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), UkrainianMissingFilter]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.is_published:
            warn_translations_missing(request, [form.instance])

    @admin.action(permissions=["change"], description=_("Publish selected records"))
    def publish(self, request, queryset):
        pks = [record.pk for record in queryset]
        # The confirmation of what goes along, or the way back once it is done.
        response = super().publish(request, queryset)
        published = queryset.model._default_manager.filter(pk__in=pks).published()
        warn_translations_missing(request, published)
        return response
