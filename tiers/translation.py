"""Which texts of the records are kept in English and in Ukrainian.

django-modeltranslation adds a ``<field>_en`` and a ``<field>_uk`` column beside each field
named here; reading ``<field>`` gives the active language's text, or the English one where the
Ukrainian is empty (settings.MODELTRANSLATION_FALLBACK_LANGUAGES). English is required wherever
the field itself is; Ukrainian is always optional. Slugs, keys and source titles are not
translated: a slug is one per record, and a source keeps its title in its own language. A
statement's quote stays in its original language; its translations are QuoteTranslation rows.

Another module registering a model follows the same pattern: a ``TranslationOptions`` subclass
with ``fields`` and ``required_languages = REQUIRED``.
"""

from modeltranslation.translator import NotRegistered, TranslationOptions, register, translator

from .models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Statement,
    StatusChange,
    Tier,
    register_history,
)

REQUIRED = ("en",)
LANGUAGES = ("en", "uk")  # settings.MODELTRANSLATION_LANGUAGES, English first: the fallback


def translated_fields(model) -> tuple[str, ...]:
    """The names of ``model``'s fields kept in both languages, in registration order; for each,
    ``<name>_en`` and ``<name>_uk`` are its columns. The field itself is what the active
    language reads (with the English fallback); its own column is not read by the site."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(options.all_fields)


def column(name: str, language: str) -> str:
    return f"{name}_{language}"


@register(Tier)
class TierTranslation(TranslationOptions):
    fields = ("name", "summary", "description")
    required_languages = REQUIRED


@register(Actor)
class ActorTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")
    required_languages = REQUIRED


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = REQUIRED


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "description", "condition_description")
    required_languages = REQUIRED


@register(StatusChange)
class StatusChangeTranslation(TranslationOptions):
    fields = ("summary",)
    required_languages = REQUIRED


@register(Figure)
class FigureTranslation(TranslationOptions):
    fields = ("note",)
    required_languages = REQUIRED


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("occasion", "place")
    required_languages = REQUIRED


# The historical tables are built from the records' fields as they are now, translations included.
register_history()
