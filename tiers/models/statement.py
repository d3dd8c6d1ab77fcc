from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..partial_dates import (
    PartialDate,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from ..validators import validate_language_code
from .base import CuratedModel


class Statement(CuratedModel):
    """What an actor said, word for word, with its sources."""

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
        _("place or occasion"), max_length=300, blank=True, help_text=_("For example Oval Office.")
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

    class Meta:
        ordering = ["-said_on", "slug"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
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
