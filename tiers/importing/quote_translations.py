"""A statement's translations in its import file: two columns per site language.

``translation <lang>`` holds the translation's text and ``translation <lang> printed by`` the key
(or URL) of the source that printed it; an empty "printed by" means this project made it. A file
without a language's columns leaves that language's translation as it is; an empty text removes
it. Sources resolve from the import's lookups (one query per file), rows are written with the
statements, in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from ..models import QuoteTranslation
from ..translation import LANGUAGES
from .columns import ExportOnlyField
from .formats import cell_text


def text_column(language: str) -> str:
    return f"translation {language}"


def source_column(language: str) -> str:
    return f"translation {language} printed by"


def translation_fields() -> dict[str, ExportOnlyField]:
    """The resource fields; imports read their columns in ``import_instance``."""
    fields = {}
    for language in LANGUAGES:
        fields[f"translation_{language}"] = ExportOnlyField(
            column_name=text_column(language),
            dehydrate_method=f"dehydrate_translation_{language}",
            description=f"The quote translated into {language}, whole; empty when there is none.",
        )
        fields[f"translation_{language}_source"] = ExportOnlyField(
            column_name=source_column(language),
            dehydrate_method=f"dehydrate_translation_{language}_source",
            description=(
                f"The key of the source that printed the translation into {language}; empty "
                "when this project made it."
            ),
        )
    return fields


class QuoteTranslationColumns:
    """Mixed into the statements' resource."""

    def translation_rows(self):
        """The translations an export writes (the public downloads narrow them)."""
        return QuoteTranslation.objects.select_related("source")

    def export_queryset(self, queryset=None):
        rows = Prefetch("translations", queryset=self.translation_rows())
        return super().export_queryset(queryset).prefetch_related(rows)

    @staticmethod
    def _translation(statement, language):
        return next((t for t in statement.translations.all() if t.language == language), None)

    def dehydrate_translation_en(self, statement):
        row = self._translation(statement, "en")
        return row.text if row else ""

    def dehydrate_translation_en_source(self, statement):
        row = self._translation(statement, "en")
        return row.source.key if row and row.source_id else ""

    def dehydrate_translation_uk(self, statement):
        row = self._translation(statement, "uk")
        return row.text if row else ""

    def dehydrate_translation_uk_source(self, statement):
        row = self._translation(statement, "uk")
        return row.source.key if row and row.source_id else ""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        pending = {}
        for language in LANGUAGES:
            if text_column(language) not in row:
                continue
            text = cell_text(row[text_column(language)]).strip()
            key = cell_text(row.get(source_column(language)) or "").strip()
            source = self.lookups.get("source").get(key) if key else None
            if key and source is None:
                errors[source_column(language)] = [f"no source with key or URL “{key}”"]
            elif text and language == instance.language:
                errors[text_column(language)] = [
                    f"the quote itself is in “{language}”; give its translations into other "
                    "languages"
                ]
            pending[language] = (text, source)
        instance._pending_translations = pending
        if errors:
            raise ValidationError(errors)

    def write_m2m(self, instances, created):
        super().write_m2m(instances, created)
        replaced, rows = [], []
        for statement in instances:
            for language, (text, source) in getattr(statement, "_pending_translations", {}).items():
                replaced.append((statement.pk, language))
                if text:
                    rows.append(
                        QuoteTranslation(
                            statement_id=statement.pk, language=language, text=text, source=source
                        )
                    )
        if not created:
            for language in LANGUAGES:
                ids = [pk for pk, lang in replaced if lang == language]
                if ids:
                    QuoteTranslation.objects.filter(
                        statement_id__in=ids, language=language
                    ).delete()
        QuoteTranslation.objects.bulk_create(rows, batch_size=1000)
