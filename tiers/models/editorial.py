"""The editorial workflow's own records: the publishing permission and the public change log."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Editorial(models.Model):
    """Holds the permissions that concern every record type at once; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("publish_records", _("Can publish and unpublish records and delete published ones")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


class PublicChangeQuerySet(models.QuerySet):
    def public(self):
        """Changes of records that readers can see now."""
        return self.filter(is_public=True)


class PublicChange(models.Model):
    """One published change of a record, as readers may see it: when, and which fields.

    Derived from the records' history by ``tiers.history.refresh_public_changes`` and rebuilt
    whenever a record's history grows; nothing here names who made the change, and states a
    record was in before it was published never appear.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CHANGED = "changed", _("Changed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    history_id = models.PositiveBigIntegerField(
        help_text=_("The historical row of the record that this change is.")
    )
    changed_at = models.DateTimeField(_("changed"))
    kind = models.CharField(_("kind"), max_length=9, choices=Kind.choices)
    fields = models.JSONField(
        _("changed fields"), default=list, help_text=_("Names of the fields that changed.")
    )
    tiers = models.ManyToManyField(
        "tiers.Tier", related_name="public_changes", blank=True, verbose_name=_("tiers")
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Whether the record is published now.")
    )

    objects = PublicChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "history_id"], name="tiers_publicchange_unique_history"
            ),
        ]
        indexes = [
            # /changes/ and its feed: the newest public changes, optionally of one type.
            models.Index(fields=["is_public", "-changed_at"], name="tiers_publicchange_recent_idx"),
            # A record page's change log, and rebuilding a record's changes.
            models.Index(fields=["content_type", "object_id"], name="tiers_publicchange_obj_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.content_type.model} {self.object_id}"
