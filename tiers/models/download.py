"""The built files of the public downloads: one build per version of the published content.

A build is written in the background (``open_data.download_builds``) and becomes visible
to readers only when its row says ``finished``, after every file is in storage with its size and
checksum: a reader is always given a complete file, the newest finished one. A CSV or JSON file
also has a gzip copy, written with it and served to readers who accept gzip; its own size and
checksum are those of the compressed bytes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DownloadBuild(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        SUPERSEDED = "superseded", _("Superseded")
        FAILED = "failed", _("Failed")

    content_version = models.BigIntegerField(
        _("content version"),
        help_text=_("The version of the published content the build was requested for."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    generated_at = models.DateTimeField(
        _("generated"),
        null=True,
        blank=True,
        help_text=_("The moment the files were written, named in their file names."),
    )

    class Meta:
        verbose_name = _("download build")
        verbose_name_plural = _("download builds")
        constraints = [
            models.UniqueConstraint(
                fields=["content_version"], name="tiers_download_build_one_per_version"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-content_version"], name="tiers_download_status_idx"),
        ]

    def __str__(self):
        return f"{self.content_version} ({self.status})"


class DownloadFile(models.Model):
    build = models.ForeignKey(DownloadBuild, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(
        _("name"), max_length=40, help_text=_("The address's file name, e.g. all.zip.")
    )
    storage_name = models.CharField(_("name in storage"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(
        _("rows"), null=True, blank=True, help_text=_("Records in the file; empty for the ZIP.")
    )
    gzip_storage_name = models.CharField(
        _("gzip copy's name in storage"),
        max_length=255,
        blank=True,
        help_text=_("Empty for XLSX and ZIP files, which are compressed already."),
    )
    gzip_size = models.PositiveBigIntegerField(
        _("gzip copy's size in bytes"), null=True, blank=True
    )
    gzip_sha256 = models.CharField(_("gzip copy's SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("download file")
        verbose_name_plural = _("download files")
        constraints = [
            models.UniqueConstraint(
                fields=["build", "name"], name="tiers_download_file_one_per_name"
            ),
            # A gzip copy is recorded whole (name, size and checksum) or not at all.
            models.CheckConstraint(
                condition=(
                    models.Q(gzip_storage_name="", gzip_size__isnull=True, gzip_sha256="")
                    | (
                        ~models.Q(gzip_storage_name="")
                        & models.Q(gzip_size__isnull=False)
                        & ~models.Q(gzip_sha256="")
                    )
                ),
                name="tiers_download_file_gzip_whole",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_gzip(self) -> bool:
        return bool(self.gzip_storage_name)

    def storage_names(self) -> list[str]:
        """Every file in storage this row names: the file and its gzip copy, if any."""
        return [name for name in (self.storage_name, self.gzip_storage_name) if name]
