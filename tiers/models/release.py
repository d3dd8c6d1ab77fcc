"""Releases: dated, citable, immutable states of the published records.

A release keeps one finished download build forever (its files in every format, with their
checksums), adds its own files (checksums, changelog, citation) to it, and holds a snapshot of
every record it published (``ReleaseRecord``) from which a record page or the API is read "as of"
the release. Cutting one is ``open_data.releases``; nothing changes a finished release after.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .download import DownloadBuild


class Release(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    name = models.CharField(
        _("version"),
        max_length=20,
        blank=True,
        help_text=_(
            "The release's version: its date and its number that day, e.g. 2026-12-01.1. "
            "Given when the release is cut."
        ),
    )
    released_on = models.DateField(_("released on"), null=True, blank=True)
    sequence = models.PositiveSmallIntegerField(
        _("number that day"), null=True, blank=True, help_text=_("1 for a day's first release.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Optional words for readers on what this release is for; shown on its page."),
    )
    build = models.ForeignKey(
        DownloadBuild,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases",
        verbose_name=_("download build"),
        help_text=_("The build whose files the release keeps forever."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(
        _("records"), default=dict, blank=True, help_text=_("Records published, by type.")
    )
    changelog = models.JSONField(
        _("changelog"),
        default=dict,
        blank=True,
        help_text=_(
            "Records added, changed and removed since the previous release, by type, each with "
            "its key and the address of its page as of the release."
        ),
    )
    problem = models.TextField(
        _("problem"), blank=True, help_text=_("Why the release could not be cut, if it failed.")
    )

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-released_on", "-sequence", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=~models.Q(name=""), name="tiers_release_unique_name"
            ),
            models.UniqueConstraint(
                fields=["released_on", "sequence"], name="tiers_release_unique_sequence"
            ),
            # A build is released once: a second release of the same records would say nothing.
            models.UniqueConstraint(
                fields=["build"],
                condition=models.Q(status="finished"),
                name="tiers_release_one_per_build",
            ),
            # A finished release has its name, its date and its build.
            models.CheckConstraint(
                condition=~models.Q(status="finished")
                | (
                    ~models.Q(name="")
                    & models.Q(released_on__isnull=False, sequence__isnull=False)
                    & models.Q(build__isnull=False)
                ),
                name="tiers_release_finished_whole",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-released_on", "-sequence"], name="tiers_release_idx"),
        ]

    def __str__(self):
        return self.name or f"{self.get_status_display()} ({self.requested_at:%Y-%m-%d %H:%M})"


class ReleaseRecord(models.Model):
    """One published record as a release holds it: the text of its JSON download's object."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="records")
    type_name = models.CharField(
        _("type"), max_length=20, help_text=_("The download it is in, e.g. commitments.")
    )
    key = models.CharField(
        _("key"),
        max_length=700,
        help_text=_("Its primary key in the download, its columns' values joined by “/”."),
    )
    page_key = models.CharField(
        _("page key"),
        max_length=200,
        blank=True,
        help_text=_(
            "The slug or key in the address of the page that shows it: its own, or for a "
            "membership its member's, for a status change its commitment's."
        ),
    )
    data = models.TextField(_("record"), help_text=_("The record's object in the JSON download."))
    digest = models.CharField(
        _("SHA-256"), max_length=64, help_text=_("Of the record's values, to find what changed.")
    )

    class Meta:
        verbose_name = _("released record")
        verbose_name_plural = _("released records")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "type_name", "key"], name="tiers_release_record_unique_key"
            ),
        ]
        indexes = [
            models.Index(
                fields=["release", "type_name", "page_key"], name="tiers_release_record_page_idx"
            ),
        ]

    def __str__(self):
        return f"{self.type_name} {self.key}"
