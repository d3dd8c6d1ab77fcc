"""What every curated record shares: visibility, timestamps and a natural key."""

from django.db import models
from django.db.models.functions import Now
from django.db.models.signals import m2m_changed, post_save
from django.utils.translation import gettext_lazy as _

from ..content_version import content_changed, on_m2m_changed, on_raw_save


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

    # Every bulk write path changes the content version, so cached public pages are refreshed
    # (tiers/content_version.py); single records do the same in CuratedModel.save and delete.
    def update(self, **kwargs):
        rows = super().update(**kwargs)
        content_changed(self.db)
        return rows

    def delete(self):
        deleted = super().delete()
        content_changed(self.db)
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        content_changed(self.db)
        return created

    def bulk_update(self, objs, *args, **kwargs):
        rows = super().bulk_update(objs, *args, **kwargs)
        content_changed(self.db)
        return rows


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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        content_changed(self._state.db)

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        content_changed(kwargs.get("using") or self._state.db or "default")
        return deleted

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


# Adding or removing a curated record's related records (commitment actors, statement sources…),
# and fixtures, which save without calling save().
m2m_changed.connect(on_m2m_changed, dispatch_uid="tiers_content_version_m2m")
post_save.connect(on_raw_save, dispatch_uid="tiers_content_version_fixtures")
