"""A status change: a dated, sourced event in a commitment's life."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..cache_tags import list_tag
from ..partial_dates import (
    PartialDate,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from .base import CURATED_PERMISSIONS, CuratedManager, CuratedModel, CuratedQuerySet, Visibility
from .commitment import Commitment, LegalForm, Progress


class StatusChangeQuerySet(CuratedQuerySet):
    # Only published changes make a commitment's state: writing drafts leaves it (and the
    # content version) alone.
    def _published_commitments(self, pks=None):
        rows = self.published() if pks is None else StatusChange.objects.published()
        if pks is not None:
            rows = rows.filter(pk__in=pks)
        return set(rows.values_list("commitment_id", flat=True))

    def delete(self):
        commitment_ids = self._published_commitments()
        result = super().delete()
        Commitment.objects.filter(pk__in=commitment_ids).refresh_states()
        return result

    def update(self, **kwargs):
        pks = list(self.values_list("pk", flat=True))
        commitment_ids = self._published_commitments()
        result = super().update(**kwargs)
        commitment_ids |= self._published_commitments(pks)
        if commitment_ids:
            Commitment.objects.filter(pk__in=commitment_ids).refresh_states()
        return result


class StatusChange(CuratedModel):
    """A dated, sourced event in a commitment's life. The latest published one is its state."""

    NATURAL_KEY = ("commitment__slug", "occurred_on", "progress")
    SHOWN_WITH = ("commitment",)  # and so, through the commitment's own, its tier
    TIERS_LOOKUP = "commitment__tier"

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("commitment"),
    )
    occurred_on, occurred_precision = partial_date_fields(
        "occurred", _("date"), required=True, help_text=_("When the change happened.")
    )
    progress = models.CharField(_("new progress"), max_length=12, choices=Progress.choices)
    legal_form = models.CharField(
        _("new legal form"),
        max_length=9,
        choices=LegalForm.choices,
        blank=True,
        help_text=_("Only when the legal form changed; leave empty otherwise."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One line: what happened.")
    )
    source = models.ForeignKey(
        "tiers.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("source"),
        help_text=_("The source that reports the change. Required to publish."),
    )
    statement = models.ForeignKey(
        "tiers.Statement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("evidence statement"),
        help_text=_("Optional: the statement that is the evidence for this change."),
    )

    objects = CuratedManager.from_queryset(StatusChangeQuerySet)()

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        default_permissions = CURATED_PERMISSIONS
        indexes = [
            # The latest changes on the home page and a source's page, read from the top.
            models.Index(
                models.F("occurred_on").desc(),
                models.F("id").desc(),
                name="tiers_statuschange_latest_idx",
            ),
        ]
        constraints = [
            partial_date_constraint("occurred"),
            models.UniqueConstraint(
                fields=["commitment", "occurred_on", "progress"],
                name="tiers_statuschange_unique_per_day",
                violation_error_message=_(
                    "This commitment already has a change to this progress on this date."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility=Visibility.PUBLISHED)
                | models.Q(source__isnull=False),
                name="tiers_statuschange_published_has_source",
                violation_error_message=_("A published status change needs a source."),
            ),
        ]

    def __str__(self):
        return f"{self.occurred}: {self.get_progress_display()}"

    @property
    def occurred(self):
        return PartialDate.from_fields(self.occurred_on, self.occurred_precision)

    def clean(self):
        errors = clean_partial_date(self, "occurred")
        if self.is_published and not self.source_id:
            errors["source"] = _("A published status change needs a source.")
        if errors:
            raise ValidationError(errors)

    def cache_tags_touched(self, adding, moved, unknown, withdrawn=False):
        # A published change sets its commitment's progress and legal form, which the lists of
        # commitments show, count and filter by.
        tags = super().cache_tags_touched(adding, moved, unknown, withdrawn)
        return None if tags is None else tags | {list_tag(Commitment)}

    def save(self, *args, **kwargs):
        previous, was = None, None
        if self.pk:
            stored = StatusChange.objects.filter(pk=self.pk).values_list(
                "commitment_id", "visibility"
            )
            previous, was = stored.first() or (None, None)
        super().save(*args, **kwargs)
        # Only published changes make a commitment's state.
        if Visibility.PUBLISHED in (self.visibility, was):
            commitments = Commitment.objects.filter(pk__in={self.commitment_id, previous} - {None})
            commitments.refresh_states()

    def delete(self, *args, **kwargs):
        commitment_id, published = self.commitment_id, self.may_be_public()
        result = super().delete(*args, **kwargs)
        if published:
            Commitment.objects.filter(pk=commitment_id).refresh_states()
        return result
