from django.db import models
from django.utils.translation import gettext_lazy as _

from ..record_urls import record_url
from .base import CURATED_PERMISSIONS, CuratedModel


class Tier(CuratedModel):
    """One level of the guarantee system, as NATO's Secretary General described it."""

    NATURAL_KEY = ("number",)
    TIERS_LOOKUP = "pk"

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("1, 2, 3… The order in which tiers are presented.")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One line, shown beside the tier's name.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        default_permissions = CURATED_PERMISSIONS

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return record_url("tiers:tier_detail", "slug", self.slug)
