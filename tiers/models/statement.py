from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..partial_dates import (
    PartialDate,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from ..validators import validate_language_code
from .base import CURATED_PERMISSIONS, CuratedManager, CuratedModel, CuratedQuerySet

# Full-text search on PostgreSQL: the text vector of quote and translation in the English
# configuration, kept by PostgreSQL in the generated column search_document and indexed by the GIN
# index tiers_statement_search_idx (migrations 0002 and 0007). The column is not a model field:
# SQLite has no such type.
SEARCH_CONFIG = "english"
# Private-use characters around each match in a headline; templates escape the text, then turn
# them into <mark> elements, so that no quote is ever trusted as HTML.
MARK_START, MARK_STOP = "\ue000", "\ue001"


def search_document():
    return RawSQL('"tiers_statement"."search_document"', [], output_field=SearchVectorField())


class StatementQuerySet(CuratedQuerySet):
    def newest_first(self):
        return self.order_by(models.F("said_on").desc(nulls_last=True), "slug")

    def filter_for_readers(self, *, speaker=None, tier=None, year=None, language="", source=None):
        queryset = self
        if speaker:
            queryset = queryset.filter(speaker=speaker)
        if tier:
            queryset = queryset.filter(tiers=tier)
        if year:
            queryset = queryset.filter(said_on__year=year)
        if language:
            queryset = queryset.filter(language=language)
        if source:
            queryset = queryset.filter(sources=source)
        return queryset

    def search(self, text: str):
        """Ranked full-text search with highlights on PostgreSQL; a plain substring elsewhere.

        PostgreSQL reads ``text`` in the websearch syntax ("exact phrase", or, -word) and annotates
        ``rank``, ``quote_headline`` and ``translation_headline`` (matches between MARK_START and
        MARK_STOP).
        """
        text = text.strip()
        if not text:
            return self
        if connections[self.db].vendor != "postgresql":
            matches = models.Q(quote__icontains=text) | models.Q(translation__icontains=text)
            return self.filter(matches)
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "highlight_all": True}
        return (
            self.alias(document=search_document())
            .filter(document=query)
            .annotate(
                rank=SearchRank(search_document(), query),
                quote_headline=SearchHeadline("quote", query, config=SEARCH_CONFIG, **marks),
                translation_headline=SearchHeadline(
                    "translation", query, config=SEARCH_CONFIG, **marks
                ),
            )
            .order_by("-rank", models.F("said_on").desc(nulls_last=True), "slug")
        )


class Statement(CuratedModel):
    """What an actor said, word for word, with its sources."""

    SHOWN_WITH = ("speaker",)
    TIERS_LOOKUP = "tiers"

    speaker = models.ForeignKey(
        "tiers.Actor",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("speaker"),
        help_text=_("Who spoke, usually a person."),
    )
    on_behalf_of = models.ForeignKey(
        "tiers.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_on_behalf",
        verbose_name=_("on behalf of"),
        help_text=_("The organisation or state the speaker spoke for, where it matters."),
    )
    speaker_role = models.CharField(
        _("speaker's role at the time"),
        max_length=200,
        blank=True,
        help_text=_("As it was when the words were said, e.g. NATO Secretary General."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    said_on, said_precision = partial_date_fields("said", _("date"))
    occasion = models.CharField(
        _("occasion"),
        max_length=300,
        blank=True,
        help_text=_("For example a press conference after the summit."),
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Where the words were said, for example Oval Office or Kyiv."),
    )
    quote = models.TextField(
        _("quote"),
        help_text=_("Word for word, as published. Never paraphrase here."),
    )
    language = models.CharField(
        _("language of the quote"),
        max_length=3,
        default="en",
        validators=[validate_language_code],
        help_text=_("ISO 639 code of the quote as stored, for example en, uk, fr."),
    )
    translation = models.TextField(
        _("English translation"),
        blank=True,
        help_text=_("Required when the quote is not in English."),
    )
    translated_by = models.CharField(
        _("translated by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who made the English text: of the translation, or of the quote itself when only "
            "a translation was published."
        ),
    )
    tiers = models.ManyToManyField(
        "tiers.Tier", related_name="statements", blank=True, verbose_name=_("tiers")
    )
    commitments = models.ManyToManyField(
        "tiers.Commitment", related_name="statements", blank=True, verbose_name=_("commitments")
    )
    sources = models.ManyToManyField(
        "tiers.Source", related_name="statements", blank=True, verbose_name=_("sources")
    )

    objects = CuratedManager.from_queryset(StatementQuerySet)()

    class Meta:
        ordering = ["-said_on", "slug"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        default_permissions = CURATED_PERMISSIONS
        # Public list newest first: tiers_statement_newest_idx, and full-text search:
        # tiers_statement_search_idx, both on PostgreSQL only (migrations 0002 and 0006).
        constraints = [
            partial_date_constraint("said"),
            models.CheckConstraint(
                condition=models.Q(language="en") | ~models.Q(translation=""),
                name="tiers_statement_translated_unless_english",
                violation_error_message=_("A quote that is not in English needs a translation."),
            ),
        ]

    def __str__(self):
        # No related fields here: this label is rendered in lists and selects of any length.
        return f"“{self.excerpt}” ({self.said or _('date unknown')})"

    @property
    def excerpt(self):
        return self.quote if len(self.quote) <= 80 else self.quote[:79].rstrip() + "…"

    def get_absolute_url(self):
        return reverse("tiers:statement_detail", kwargs={"slug": self.slug})

    @property
    def said(self):
        return PartialDate.from_fields(self.said_on, self.said_precision)

    def clean(self):
        errors = clean_partial_date(self, "said")
        if self.language and self.language != "en" and not self.translation:
            errors["translation"] = _(
                "A quote that is not in English needs an English translation."
            )
        if errors:
            raise ValidationError(errors)
