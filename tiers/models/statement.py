import functools
import operator

from django.contrib.postgres.search import SearchRank
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..partial_dates import (
    PartialDate,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from ..record_urls import record_url
from ..validators import validate_language_code
from .actor import Actor
from .base import CURATED_PERMISSIONS, CuratedManager, CuratedModel, CuratedQuerySet
from .search import (
    AnyOf,
    PageExtent,
    StoredDocument,
    contains_any,
    estimated_rows,
    full_text,
    headline,
    in_columns,
    search_query,
    text_matches,
)

# A statement matches a search by its quote, by one of its translations (tiers_statement_search_idx
# and tiers_quotetranslation_search_idx, migrations 0007 and 0010) or by its speaker's name
# (tiers_actor_speaker_search_idx, migration 0021): tiers/models/search.py.
SPEAKER_NAMES = [*in_columns("name"), *in_columns("short_name")]
# StatementQuerySet.languages: from the smallest language to the next, one index probe each.
LANGUAGES_SQL = (
    "WITH RECURSIVE languages(code) AS (SELECT MIN(language) FROM {table} UNION ALL "
    "SELECT (SELECT MIN(language) FROM {table} WHERE language > languages.code) "
    "FROM languages WHERE languages.code IS NOT NULL) "
    "SELECT code FROM languages WHERE code IS NOT NULL AND ({probe}) IS NOT NULL ORDER BY code"
)


# StatementQuerySet._newest_matches: the newest of the matches of each way (quote, translation,
# speaker's name) merged, the newest of them kept, then ranked as search() orders them: the
# quote's rank, plus the translation's and the speaker's name's where those matched.
NEWEST_RANKED_SQL = (
    "SELECT pk, ways FROM (SELECT pk, said_on, slug, array_agg(way) AS ways, "
    "MAX(quote_rank) + COALESCE(MAX(way_rank) FILTER (WHERE way = 1), 0) "
    "+ COALESCE(MAX(way_rank) FILTER (WHERE way = 2), 0) AS rank "
    "FROM ({union}) AS found GROUP BY pk, said_on, slug "
    "ORDER BY said_on DESC NULLS LAST, slug LIMIT %s) AS newest "
    "ORDER BY rank DESC, said_on DESC NULLS LAST, slug"
)


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

    def languages(self) -> list[str]:
        """The languages of these statements' quotes, in one query that reads a row per language
        (a skip scan of tiers_statement_language_idx: from each language to the next), each
        kept only if one of these statements is in it (a scalar subquery with LIMIT 1: PostgreSQL
        turns an EXISTS into a join over every statement), rather than a pass over them all.
        """
        probe = self.filter(language=RawSQL("languages.code", [])).order_by().values("pk")[:1]
        probe_sql, params = probe.query.get_compiler(self.db).as_sql()
        table = connections[self.db].ops.quote_name(Statement._meta.db_table)
        # Only the table's quoted name and Django's own compiled SQL go into the text; every
        # value is a parameter.
        sql = LANGUAGES_SQL.format(table=table, probe=probe_sql)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [code for (code,) in cursor.fetchall()]

    def search(self, text: str, newest: int | None = None, extent: PageExtent | None = None):
        """Statements whose quote, one of its translations or its speaker's name matches
        ``text``.

        PostgreSQL ranks them (``rank``: the quote's, its best translation's and its speaker's
        name's) and annotates ``quote_headline`` (matches between MARK_START and MARK_STOP);
        elsewhere a plain substring. ``with_translations(text)`` gives the translations their
        headlines. With ``newest``, only the newest ``newest + 1`` matches are ranked (and
        returned): a common word matches a large share of the statements, and ranking them all
        costs as much as reading them all; their ids are read at once, in one query. With the
        ``extent`` of the page to be read from every match, they are counted first, and the quote
        is matched on each row the page walks when that reads less (``_walk_is_shorter``).
        """
        text = text.strip()
        if not text:
            return self
        translations = QuoteTranslation.objects.filter(statement=models.OuterRef("pk"))
        if not full_text(self):
            translated = translations.filter(text__icontains=text)
            named = contains_any([f"speaker__{column}" for column in SPEAKER_NAMES], text)
            return self.filter(models.Q(quote__icontains=text) | models.Exists(translated) | named)
        query = search_query(text)
        # Each side read through its own GIN index: the statements whose quote matches, those
        # with a translation that does, and those whose speaker's name does.
        # A phrase is looked up by its pairs of words, its words checked on the rows found.
        matched = text_matches(text, query)
        translated = QuoteTranslation.objects.filter(*matched)
        speakers = Actor.objects.alias(names=StoredDocument("name_document")).filter(names=query)
        best_translation = (
            translated.filter(statement=models.OuterRef("pk"))
            .annotate(rank=SearchRank(StoredDocument(), query))
            .order_by("-rank")
            .values("rank")[:1]
        )
        speaker_rank = (
            speakers.filter(pk=models.OuterRef("speaker_id"))
            .annotate(rank=SearchRank(StoredDocument("name_document"), query))
            .order_by()
            .values("rank")[:1]
        )
        by_translation = models.Q(pk__in=translated.values("statement_id"))
        by_speaker = models.Q(speaker_id__in=speakers.values("pk"))
        # In this order, which NEWEST_RANKED_SQL numbers: 0 quote, 1 translation, 2 name.
        ways = [
            self._quote_matches(matched),
            self.filter(by_translation),
            self.filter(by_speaker),
        ]
        # The quote's rank, its best translation's and its speaker's name's.
        ranks = [
            SearchRank(StoredDocument(), query),
            Coalesce(models.Subquery(best_translation), 0.0),
            Coalesce(models.Subquery(speaker_rank), 0.0),
        ]
        if newest is not None:
            ids, found = self._newest_matches(ways, ranks, newest)
            matches = self.filter(AnyOf(models.F("pk"), ids))
            # A translation or a speaker's name that matched none of them adds nothing to their
            # rank: no subquery is run for it, row by row.
            ranks = [rank for way, rank in enumerate(ranks) if way == 0 or way in found]
        elif self._walk_is_shorter(ways, extent):
            matches = self._quote_matches(matched, by_translation, by_speaker)
        else:
            quoted = Statement.objects.all()._quote_matches(matched).values("pk")
            matches = self.filter(models.Q(pk__in=quoted) | by_translation | by_speaker)
        matches = matches.annotate(
            rank=functools.reduce(operator.add, ranks),
            quote_headline=headline("quote", query),
        ).order_by("-rank", models.F("said_on").desc(nulls_last=True), "slug")
        # The newest were ranked as they were chosen: their keys in this order are known.
        return matches if newest is None else matches.knowing_keys(ids)

    def _walk_is_shorter(self, ways, extent: PageExtent | None) -> bool:
        """Whether a page ending ``extent.stop`` records into the matches is found sooner by
        walking the statements in the list's order and matching each quote as it comes (about
        stop × rows / count rows read) than by reading every match through the GIN index first
        (count rows), which is how PostgreSQL reads a ``pk IN (…)`` of matches whatever their
        number. The matches are counted (or their count read) first, each of the ``ways`` of
        matching on its own, in a ``UNION``: a ``pk IN (…)`` of each would be read again by
        every worker of a parallel count. Before the table is first analysed, the index.
        """
        if extent is None:
            return False
        first, *others = (way.order_by().values("pk") for way in ways)
        count = extent.count_of(first.union(*others))
        if not count:
            return False
        rows = estimated_rows(self)
        return rows > 0 and extent.stop * rows < count**2

    def _quote_matches(self, matched, *alternatives):
        """These statements whose quote meets the conditions ``matched`` (``text_matches``), or
        that meet one of the ``alternatives``: the quote's condition on the row itself, which
        PostgreSQL reads through the GIN index when it stands alone."""
        quoted = models.Q(*matched)
        for alternative in alternatives:
            quoted |= alternative
        return self.filter(quoted)

    def _newest_matches(self, ways, ranks, newest: int) -> tuple[list, set]:
        """The ids of the newest ``newest + 1`` of these statements that match one of the
        ``ways`` (by the quote, a translation, the speaker's name), in the order of their rank
        (the sum of their ``ranks``, then newest first), and the ways (their indexes) by which
        those matched, read in one query: the page's count and its rows then look them up by key
        instead of searching and ranking again. Each way of matching is its own newest-first
        query with a ``LIMIT``, so that PostgreSQL can walk ``tiers_statement_newest_idx`` and
        stop early when matches are common, or read the GIN index when they are rare; each row
        brings its quote's rank and that way's own, computed on those rows alone; the three come
        in one ``UNION ALL``, merged and ranked around it (``NEWEST_RANKED_SQL``). A statement
        among the newest that a way matches is among that way's newest, so the ways found and
        the ranks are exact."""
        no_rank = models.Value(0.0, output_field=models.FloatField())
        first, *others = (
            way.annotate(
                way=models.Value(index),
                quote_rank=ranks[0],
                way_rank=ranks[index] if index else no_rank,
            )
            .newest_first()
            .values("said_on", "slug", "pk", "way", "quote_rank", "way_rank")[: newest + 1]
            for index, way in enumerate(ways)
        )
        union, params = first.union(*others, all=True).query.get_compiler(self.db).as_sql()
        with connections[self.db].cursor() as cursor:
            # Only Django's own compiled SQL goes into the text; every value is a parameter.
            cursor.execute(NEWEST_RANKED_SQL.format(union=union), [*params, newest + 1])
            rows = cursor.fetchall()
        return [pk for pk, _ways in rows], {way for _pk, ways in rows for way in ways}

    def with_translations(self, text: str = ""):
        """Prefetch the translations (one query for any number of statements) and their sources;
        with search ``text`` on PostgreSQL, each with its ``text_headline``."""
        rows = QuoteTranslation.objects.select_related("source")
        text = text.strip()
        if text and full_text(self):
            rows = rows.annotate(text_headline=headline("text", search_query(text)))
        return self.prefetch_related(models.Prefetch("translations", queryset=rows))


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
    translated_by = models.CharField(
        _("words as stored translated by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only when the words above are themselves a translation, because the original was "
            "not published: who made them. Translations of the quote go below, one per language."
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
        indexes = [
            # The language filter's menu: StatementQuerySet.languages skips from one to the next.
            models.Index(fields=["language"], name="tiers_statement_language_idx"),
        ]
        constraints = [partial_date_constraint("said")]

    def __str__(self):
        # No related fields here: this label is rendered in lists and selects of any length.
        return f"“{self.excerpt}” ({self.said or _('date unknown')})"

    @property
    def excerpt(self):
        return self.quote if len(self.quote) <= 80 else self.quote[:79].rstrip() + "…"

    def get_absolute_url(self):
        return record_url("tiers:statement_detail", "slug", self.slug)

    @property
    def said(self):
        return PartialDate.from_fields(self.said_on, self.said_precision)

    def clean(self):
        if errors := clean_partial_date(self, "said"):
            raise ValidationError(errors)

    def translations_first(self, language: str) -> list["QuoteTranslation"]:
        """The quote's translations, the one in ``language`` first (read from
        ``prefetch_related("translations")`` when the caller prefetched them)."""
        rows = list(self.translations.all())
        return sorted(rows, key=lambda row: (row.language != language, row.language))

    def translation_in(self, language: str) -> "QuoteTranslation | None":
        """The translation for a reader of ``language``: in that language, else in English; none
        when the quote itself is in that language."""
        if self.language == language:
            return None
        by_language = {row.language: row for row in self.translations.all()}
        return by_language.get(language) or (
            by_language.get("en") if self.language != "en" else None
        )


class QuoteTranslationManager(models.Manager):
    def get_by_natural_key(self, statement_slug, language):
        return self.get(statement__slug=statement_slug, language=language)


class QuoteTranslation(models.Model):
    """A statement's words in another language: printed by a source, or made by this project."""

    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("statement"),
        help_text=_("The statement whose quote this translates."),
    )
    language = models.CharField(
        _("language"),
        max_length=3,
        validators=[validate_language_code],
        help_text=_("ISO 639 code of this translation, for example en or uk."),
    )
    text = models.TextField(_("text"), help_text=_("The translation, whole."))
    source = models.ForeignKey(
        "tiers.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quote_translations",
        verbose_name=_("printed by"),
        help_text=_(
            "The source that printed this translation. Leave empty when this project made it."
        ),
    )

    objects = QuoteTranslationManager()

    class Meta:
        ordering = ["statement_id", "language"]
        verbose_name = _("translation of the quote")
        verbose_name_plural = _("translations of the quote")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"],
                name="tiers_quotetranslation_one_per_language",
                violation_error_message=_("This quote already has a translation in this language."),
            ),
        ]

    def __str__(self):
        return f"{self.language}: {self.text[:60]}"

    def natural_key(self):
        return (self.statement.slug, self.language)

    natural_key.dependencies = ["tiers.statement"]

    @property
    def by_project(self) -> bool:
        return self.source_id is None

    def clean(self):
        statement = getattr(self, "statement", None) if self.statement_id else None
        if statement is not None and self.language == statement.language:
            raise ValidationError(
                {"language": _("The quote itself is in this language; give another language.")}
            )
