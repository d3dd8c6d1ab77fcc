from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..partial_dates import (
    PartialDate,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from ..record_urls import record_url
from .base import CURATED_PERMISSIONS, CuratedManager, CuratedModel, CuratedQuerySet
from .search import contains_any, full_text, headline, in_columns, ranked, reader_text


class Progress(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ANNOUNCED = "announced", _("Announced")
    AGREED = "agreed", _("Agreed")
    IMPLEMENTING = "implementing", _("Being implemented")
    FULFILLED = "fulfilled", _("Fulfilled")
    STALLED = "stalled", _("Stalled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TroopPosition(models.TextChoices):
    YES = "yes", _("Will send troops")
    CONDITIONAL = "conditional", _("Would send troops, on conditions")
    NO = "no", _("Will not send troops")


class LegalForm(models.TextChoices):
    POLITICAL = "political", _("Political statement")
    INTENT = "intent", _("Declaration of intent")
    SIGNED = "signed", _("Signed agreement")
    BINDING = "binding", _("Ratified or legally binding")


# CommitmentQuerySet.newest_first: tiers_commitment_newest_idx (migration 0006).
NEWEST = (models.F("announced_on").desc(nulls_last=True), "title", "pk")
# What a search reads where there is no full-text search (on PostgreSQL: migration 0021).
SEARCHED = [*in_columns("title"), *in_columns("description"), *in_columns("condition_description")]
# Columns derived from the latest published status change (see CommitmentQuerySet.refresh_states).
STATE_FIELDS = ("progress", "legal_form", "progress_since_on", "progress_since_precision")


class CommitmentQuerySet(CuratedQuerySet):
    def newest_first(self):
        """Latest announced first; unknown dates last on every database."""
        return self.order_by(*NEWEST)

    def search(self, text: str, newest: int | None = None):
        """Commitments whose title, description or condition matches ``text``, in English or
        Ukrainian; on PostgreSQL ranked, with ``title_headline`` and ``description_headline``
        (tiers/models/search.py: ``ranked``)."""
        if not (text := text.strip()):
            return self
        if not full_text(self):
            return self.filter(contains_any(SEARCHED, text)).newest_first()
        marks = {
            "title_headline": lambda query: headline(reader_text("title"), query),
            "description_headline": lambda query: headline(reader_text("description"), query, True),
        }
        return ranked(self, text, order=NEWEST, newest=newest, headlines=marks)

    def involving(self, actor):
        """Commitments that an actor leads or joins, without duplicate rows: the ids of both
        as one ``UNION`` (each read through its own index), since an ``OR`` of the two made
        PostgreSQL scan every commitment."""
        return self.involving_any([actor])

    def involving_any(self, actors):
        """Commitments that one of ``actors`` leads or joins, read as ``involving`` reads them."""
        led = Commitment.objects.filter(lead_actor__in=actors).order_by().values("pk")
        joined = (
            Commitment.actors.through.objects.filter(actor__in=actors)
            .order_by()
            .values("commitment_id")
        )
        return self.filter(pk__in=led.union(joined))

    def filter_for_readers(self, *, tier=None, actor=None, source=None, year=None, **choices):
        """The public list's filters; ``choices`` are exact field values (category, progress…)."""
        queryset = self.filter(**{field: value for field, value in choices.items() if value})
        if tier:
            queryset = queryset.filter(tier=tier)
        if actor:
            queryset = queryset.involving(actor)
        if source:
            queryset = queryset.filter(sources=source)
        if year:
            queryset = queryset.filter(announced_on__year=year)
        return queryset

    def progress_counts(self) -> dict:
        """``{tier_id: {progress: count}}`` in one grouped query."""
        counts: dict = {}
        rows = self.order_by().values_list("tier_id", "progress").annotate(n=models.Count("pk"))
        for tier_id, progress, n in rows:
            counts.setdefault(tier_id, {})[progress] = n
        return counts

    def refresh_states(self) -> int:
        """Set progress, since when it holds, and legal form from each commitment's latest
        published status change.

        One UPDATE for any number of commitments, so that bulk paths stay consistent too. It
        leaves the content version alone: the columns follow published status changes, whose own
        writes change it.
        """
        changes = (
            self.model.status_changes.rel.related_model
        )  # StatusChange, whose module needs this
        latest = changes.objects.published().filter(commitment=models.OuterRef("pk"))
        latest = latest.order_by("-occurred_on", "-id")
        return models.QuerySet.update(
            self,
            progress=Coalesce(models.Subquery(latest.values("progress")[:1]), models.Value("")),
            progress_since_on=models.Subquery(latest.values("occurred_on")[:1]),
            progress_since_precision=Coalesce(
                models.Subquery(latest.values("occurred_precision")[:1]), models.Value("")
            ),
            legal_form=Coalesce(
                models.Subquery(latest.exclude(legal_form="").values("legal_form")[:1]),
                models.Value(""),
            ),
        )


class Commitment(CuratedModel):
    """A pledge made under one tier by one or more actors."""

    Progress = Progress
    LegalForm = LegalForm
    TroopPosition = TroopPosition
    SHOWN_WITH = ("tier",)
    TIERS_LOOKUP = "tier"

    class Category(models.TextChoices):
        ARMED_FORCES = "armed_forces", _("Support for Ukraine's armed forces")
        EQUIPMENT = "equipment", _("Arms and equipment")
        TRAINING = "training", _("Training")
        TROOPS = "troops", _("Troops or a reassurance force")
        AIR_SEA = "air_sea", _("Presence in the air or at sea")
        MONITORING = "monitoring", _("Ceasefire monitoring")
        INTELLIGENCE = "intelligence", _("Intelligence")
        FINANCING = "financing", _("Financing")
        POLITICAL = "political", _("Political or diplomatic backing")
        LEGAL_GUARANTEE = "legal_guarantee", _("Legal guarantee of assistance")

    class Condition(models.TextChoices):
        UNCONDITIONAL = "unconditional", _("Unconditional")
        CEASEFIRE = "ceasefire", _("After a ceasefire or peace agreement")
        RENEWED_ATTACK = "renewed_attack", _("If Russia attacks again")
        OTHER = "other", _("Another event (described)")

    tier = models.ForeignKey(
        "tiers.Tier", on_delete=models.PROTECT, related_name="commitments", verbose_name=_("tier")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    announced_on, announced_precision = partial_date_fields("announced", _("first announced"))
    lead_actor = models.ForeignKey(
        "tiers.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_commitments",
        verbose_name=_("lead actor"),
    )
    actors = models.ManyToManyField(
        "tiers.Actor",
        related_name="commitments",
        blank=True,
        verbose_name=_("actors"),
        help_text=_("Every actor that made or joined the pledge, the lead actor included."),
    )
    sources = models.ManyToManyField(
        "tiers.Source", related_name="commitments", blank=True, verbose_name=_("sources")
    )
    progress = models.CharField(
        _("progress"),
        max_length=12,
        choices=Progress.choices,
        blank=True,
        editable=False,
        help_text=_("Follows the latest published status change; empty until there is one."),
    )
    progress_since_on, progress_since_precision = partial_date_fields(
        "progress_since",
        _("progress since"),
        help_text=_("Follows the date of the latest published status change."),
        editable=False,
    )
    legal_form = models.CharField(
        _("legal form"),
        max_length=9,
        choices=LegalForm.choices,
        blank=True,
        editable=False,
        help_text=_("Follows the latest published status change that gives a legal form."),
    )
    condition = models.CharField(
        _("condition"),
        max_length=14,
        choices=Condition.choices,
        default=Condition.UNCONDITIONAL,
    )
    condition_description = models.CharField(
        _("condition in words"),
        max_length=300,
        blank=True,
        help_text=_("Required when the condition is another event."),
    )
    condition_triggered = models.BooleanField(
        _("condition triggered"),
        default=False,
        help_text=_("Tick once the triggering event has happened, as a source reports."),
    )
    troop_position = models.CharField(
        _("troop position"),
        max_length=11,
        choices=TroopPosition.choices,
        blank=True,
        help_text=_(
            "Only when this record states whether its lead actor will send troops to Ukraine, "
            "as its sources say: yes, no, or only on conditions (describe them). Empty otherwise."
        ),
    )
    term_years = models.PositiveSmallIntegerField(
        _("term in years"),
        null=True,
        blank=True,
        help_text=_(
            "An agreement's term as the text states it, e.g. 10 for “valid for ten years”. "
            "Empty when it sets none or the sources do not say."
        ),
    )

    objects = CuratedManager.from_queryset(CommitmentQuerySet)()

    class Meta:
        ordering = ["-announced_on", "title"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        default_permissions = CURATED_PERMISSIONS
        constraints = [
            partial_date_constraint("announced"),
            partial_date_constraint("progress_since"),
            models.CheckConstraint(
                condition=models.Q(term_years__isnull=True) | models.Q(term_years__gte=1),
                name="tiers_commitment_term_at_least_a_year",
                violation_error_message=_("A term is at least one year; leave it empty otherwise."),
            ),
            models.CheckConstraint(
                condition=~models.Q(condition="other") | ~models.Q(condition_description=""),
                name="tiers_commitment_other_condition_described",
                violation_error_message=_("Describe the event that triggers the commitment."),
            ),
        ]
        indexes = [
            # Public lists: published commitments of a tier, filtered by progress.
            models.Index(
                fields=["tier", "visibility", "progress"], name="tiers_commitment_tier_idx"
            ),
            # Public list newest first: tiers_commitment_newest_idx, and the newest of each
            # progress on a tier's page: tiers_commitment_tier_newest_idx, on PostgreSQL only
            # (their NULLS LAST cannot be built on SQLite; see migrations 0006 and 0010).
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("tiers:commitment_detail", "slug", self.slug)

    @property
    def announced(self):
        return PartialDate.from_fields(self.announced_on, self.announced_precision)

    @property
    def progress_since(self):
        return PartialDate.from_fields(self.progress_since_on, self.progress_since_precision)

    def clean(self):
        errors = clean_partial_date(self, "announced")
        if self.term_years is not None and self.term_years < 1:
            errors["term_years"] = _("A term is at least one year; leave it empty otherwise.")
        if self.condition == self.Condition.OTHER and not self.condition_description:
            errors["condition_description"] = _("Describe the event that triggers the commitment.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Progress and legal form belong to refresh_states(): an instance read before a status
        # change was added must not write its old values back over the recomputed ones.
        if not self._state.adding and self.pk is not None and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in STATE_FIELDS
            ]
            super().save(*args, **kwargs)
            return
        restoring = self.pk is not None  # e.g. a revert: the row may already have status changes
        super().save(*args, **kwargs)
        if restoring:
            self.refresh_state()

    def refresh_state(self):
        Commitment.objects.filter(pk=self.pk).refresh_states()
        self.refresh_from_db(fields=list(STATE_FIELDS))
