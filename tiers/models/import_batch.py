"""An upload of several import files (or one ZIP), kept until it is written or abandoned."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One upload: its bytes (kept for a retry after an error), the files found in it, the
    outcome of its check and of its write. See tiers/importing/batches.py."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, ready to import")
        REFUSED = "refused", _("Has problems")
        WRITING = "writing", _("Being imported")
        DONE = "done", _("Imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_batches",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(
        _("file name"), max_length=255, help_text=_("As uploaded; several names are joined.")
    )
    upload = models.BinaryField(
        _("upload"), help_text=_("The uploaded bytes: one file, or a ZIP of several.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.UPLOADED
    )
    files = models.JSONField(
        _("files"),
        default=list,
        help_text=_("Each file found: its name, record type, format and number of rows."),
    )
    totals = models.JSONField(
        _("totals"), default=dict, help_text=_("New, updated and unchanged records per type.")
    )
    problems = models.JSONField(
        _("problems"), default=list, help_text=_("Each problem: [file name, message].")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        default_permissions = ()
        indexes = [
            # Abandoned uploads are found by status and age.
            models.Index(fields=["status", "updated_at"], name="tiers_importbatch_age_idx"),
        ]

    def __str__(self):
        return self.file_name

    @property
    def rows(self) -> int:
        return sum(entry.get("rows", 0) for entry in self.files)

    @property
    def running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.WRITING)
