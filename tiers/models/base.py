"""What every curated record shares: visibility, timestamps and a natural key."""

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


# Django's four permissions, plus bulk import and export (checked by django-import-export).
CURATED_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")


class CuratedQuerySet(models.QuerySet):
    def published(self):
        """The only records any public surface may show."""
        return self.filter(visibility=Visibility.PUBLISHED)


class CuratedManager(models.Manager.from_queryset(CuratedQuerySet)):
    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.NATURAL_KEY, key, strict=True)))


class CuratedModel(models.Model):
    """An abstract record that analysts curate and editors publish."""

    # Field lookups that identify a record without its database id, in fixtures and import files.
    NATURAL_KEY: tuple[str, ...] = ("slug",)

    visibility = models.CharField(
        _("visibility"),
        max_length=9,
        choices=Visibility.choices,
        default=Visibility.DRAFT,
        help_text=_("Only published records appear on the public site, feeds, API and downloads."),
    )
    # The database defaults also cover fixture loading, which bypasses auto_now.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())

    objects = CuratedManager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED

    def natural_key(self):
        return tuple(self._natural_key_part(lookup) for lookup in self.NATURAL_KEY)

    def _natural_key_part(self, lookup: str):
        value = self
        for attr in lookup.split("__"):
            value = getattr(value, attr)
        return value.isoformat() if hasattr(value, "isoformat") else value
