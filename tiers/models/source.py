from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..partial_dates import (
    PartialDate,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from ..record_urls import record_url
from .base import CURATED_PERMISSIONS, CuratedManager, CuratedModel, CuratedQuerySet
from .search import contains_any, full_text, headline, ranked


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked")
    OK = "ok", _("Working")
    BROKEN = "broken", _("Broken")


# Newest first, unknown dates last; what a search reads where there is no full-text search (on
# PostgreSQL: search_document under tiers_source_search_idx, migration 0021).
NEWEST = (models.F("published_on").desc(nulls_last=True), "title", "pk")
SEARCHED = ["title", "publisher"]


class SourceQuerySet(CuratedQuerySet):
    def search(self, text: str, newest: int | None = None):
        """Sources whose title or publisher matches ``text``; on PostgreSQL ranked, the title
        first, with ``title_headline`` and ``publisher_headline`` (tiers/models/search.py)."""
        if not (text := text.strip()):
            return self
        if not full_text(self):
            return self.filter(contains_any(SEARCHED, text)).order_by(*NEWEST)
        marks = {
            "title_headline": lambda query: headline("title", query),
            "publisher_headline": lambda query: headline("publisher", query),
        }
        return ranked(self, text, order=NEWEST, newest=newest, headlines=marks)


class Source(CuratedModel):
    """Where a fact comes from; every published fact cites at least one."""

    LinkStatus = LinkStatus

    NATURAL_KEY = ("key",)

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official document or statement")
        NEWS = "news", _("News report")
        TRANSCRIPT = "transcript", _("Transcript")
        ANALYSIS = "analysis", _("Analysis")
        OTHER = "other", _("Other")

    key = models.SlugField(
        _("key"),
        max_length=200,
        unique=True,
        help_text=_(
            "A short, stable name for this source, used in import files and citations "
            "(for example unn-2026-02-03-rutte-three-levels). It never changes once published."
        ),
    )
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who published it; name the original agency too, e.g. “AP via Lincoln Daily News”."
        ),
    )
    url = models.URLField(
        _("URL"),
        max_length=1000,
        blank=True,
        help_text=_("Where the source can be read. Leave empty for a document with no address."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    published_on, published_precision = partial_date_fields("published", _("published"))
    archived_url = models.URLField(
        _("archived copy"),
        max_length=1000,
        blank=True,
        help_text=_("A copy in a web archive, in case the original disappears."),
    )
    accessed_on = models.DateField(
        _("accessed"), null=True, blank=True, help_text=_("When an analyst last read the source.")
    )
    # Written by `manage.py check_sources`, never by hand.
    link_status = models.CharField(
        _("link status"),
        max_length=9,
        choices=LinkStatus.choices,
        default=LinkStatus.UNCHECKED,
        editable=False,
        help_text=_("Whether the URL and the archived copy answered at the last check."),
    )
    link_problem = models.CharField(
        _("link problem"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("What failed at the last check, for each address that failed."),
    )
    links_checked_at = models.DateTimeField(_("links checked"), null=True, editable=False)

    objects = CuratedManager.from_queryset(SourceQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        default_permissions = CURATED_PERMISSIONS
        constraints = [
            partial_date_constraint("published"),
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="tiers_source_url_unique",
                violation_error_message=_("Another source already has this URL."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    def get_absolute_url(self):
        return record_url("tiers:source_detail", "key", self.key)

    @property
    def published(self):
        return PartialDate.from_fields(self.published_on, self.published_precision)

    def clean(self):
        if errors := clean_partial_date(self, "published"):
            raise ValidationError(errors)
