"""A statement's translations, one row per language (QuoteTranslation), and search in both
English and Ukrainian.

Each statement's English translation moves into a QuoteTranslation row. Who made it was free
text; a row is credited to the statement's source whose publisher that text names, or else to
its first source (a published translation is printed somewhere), or to this project when the
statement cites no source. The text stays in the statement's "translated by" only when the
quote had no translation (the stored words are then themselves a translation).

On PostgreSQL the search column of statements is rebuilt over the quote alone, in the english and
simple configurations, and translations get a search column of their own.
"""

import django.db.models.deletion
from django.db import migrations, models

import tiers.validators
from tiers.db_operations import RunSQLOnPostgreSQL

OLD_VECTOR = (
    "to_tsvector('english'::regconfig, "
    "(COALESCE(quote, ''::text) || ' '::text) || COALESCE(translation, ''::text))"
)


def vector(column):
    return (
        f"to_tsvector('english'::regconfig, COALESCE({column}, ''::text)) || "
        f"to_tsvector('simple'::regconfig, COALESCE({column}, ''::text))"
    )


def move_translations(apps, schema_editor):
    Statement = apps.get_model("tiers", "Statement")
    QuoteTranslation = apps.get_model("tiers", "QuoteTranslation")
    rows = []
    for statement in Statement.objects.exclude(translation="").prefetch_related("sources"):
        sources = sorted(statement.sources.all(), key=lambda source: source.pk)
        by = statement.translated_by.casefold()
        named = [s for s in sources if s.publisher and s.publisher.casefold() in by]
        source = (named or sources or [None])[0]
        rows.append(
            QuoteTranslation(
                statement=statement, language="en", text=statement.translation, source=source
            )
        )
        statement.translated_by = ""
        statement.save(update_fields=["translated_by"])
    QuoteTranslation.objects.bulk_create(rows)


def move_back(apps, schema_editor):
    Statement = apps.get_model("tiers", "Statement")
    QuoteTranslation = apps.get_model("tiers", "QuoteTranslation")
    for row in QuoteTranslation.objects.filter(language="en").select_related("source"):
        by = row.source.publisher if row.source else ""
        Statement.objects.filter(pk=row.statement_id).update(translation=row.text, translated_by=by)


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0009_records_in_english_and_ukrainian"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuoteTranslation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        help_text="ISO 639 code of this translation, for example en or uk.",
                        max_length=3,
                        validators=[tiers.validators.validate_language_code],
                        verbose_name="language",
                    ),
                ),
                (
                    "text",
                    models.TextField(help_text="The translation, whole.", verbose_name="text"),
                ),
            ],
            options={
                "verbose_name": "translation of the quote",
                "verbose_name_plural": "translations of the quote",
                "ordering": ["statement", "language"],
            },
        ),
        migrations.AddField(
            model_name="quotetranslation",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The source that printed this translation. "
                    "Leave empty when this project made it."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="quote_translations",
                to="tiers.source",
                verbose_name="printed by",
            ),
        ),
        migrations.AddField(
            model_name="quotetranslation",
            name="statement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="tiers.statement",
                verbose_name="statement",
            ),
        ),
        migrations.AddConstraint(
            model_name="quotetranslation",
            constraint=models.UniqueConstraint(
                fields=("statement", "language"),
                name="tiers_quotetranslation_one_per_language",
                violation_error_message="This quote already has a translation in this language.",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="statement",
            name="tiers_statement_translated_unless_english",
        ),
        RunSQLOnPostgreSQL(
            sql=[
                "DROP INDEX IF EXISTS tiers_statement_search_idx",
                "ALTER TABLE tiers_statement DROP COLUMN IF EXISTS search_document",
            ],
            reverse_sql=[
                f"ALTER TABLE tiers_statement ADD COLUMN search_document tsvector "
                f"GENERATED ALWAYS AS ({OLD_VECTOR}) STORED",
                "CREATE INDEX tiers_statement_search_idx ON tiers_statement "
                "USING gin (search_document)",
            ],
        ),
        migrations.RunPython(move_translations, move_back),
        migrations.RemoveField(
            model_name="historicalstatement",
            name="translation",
        ),
        migrations.RemoveField(
            model_name="statement",
            name="translation",
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="translated_by",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Only when the words above are themselves a translation, because the "
                    "original was not published: who made them. Translations of the quote go "
                    "below, one per language."
                ),
                max_length=200,
                verbose_name="words as stored translated by",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
            name="translated_by",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Only when the words above are themselves a translation, because the "
                    "original was not published: who made them. Translations of the quote go "
                    "below, one per language."
                ),
                max_length=200,
                verbose_name="words as stored translated by",
            ),
        ),
        RunSQLOnPostgreSQL(
            sql=[
                f"ALTER TABLE tiers_statement ADD COLUMN search_document tsvector "
                f"GENERATED ALWAYS AS ({vector('quote')}) STORED",
                "CREATE INDEX tiers_statement_search_idx ON tiers_statement "
                "USING gin (search_document)",
                f"ALTER TABLE tiers_quotetranslation ADD COLUMN search_document tsvector "
                f"GENERATED ALWAYS AS ({vector('text')}) STORED",
                "CREATE INDEX tiers_quotetranslation_search_idx ON tiers_quotetranslation "
                "USING gin (search_document)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS tiers_quotetranslation_search_idx",
                "ALTER TABLE tiers_quotetranslation DROP COLUMN IF EXISTS search_document",
                "DROP INDEX IF EXISTS tiers_statement_search_idx",
                "ALTER TABLE tiers_statement DROP COLUMN IF EXISTS search_document",
            ],
        ),
    ]
