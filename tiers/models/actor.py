from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..partial_dates import (
    PartialDate,
    clean_partial_date,
    partial_date_constraint,
    partial_date_fields,
)
from ..record_urls import record_url
from ..validators import validate_country_code, validate_wikidata_id
from .base import CURATED_PERMISSIONS, CuratedManager, CuratedModel, CuratedQuerySet
from .search import contains_any, full_text, headline, in_columns, ranked, reader_text

# An actor's names, in English and Ukrainian. On PostgreSQL the site's search reads them, with the
# description, in search_document (tiers_actor_search_idx), and a search of statements by their
# speaker's name reads them in name_document (tiers_actor_speaker_search_idx): migration 0021.
NAMES = [*in_columns("name"), *in_columns("short_name")]


class ActorQuerySet(CuratedQuerySet):
    def named(self, text: str):
        """Actors whose name or short name contains ``text``, in English or Ukrainian."""
        text = text.strip()
        if not text:
            return self
        return self.filter(contains_any(NAMES, text))

    def search(self, text: str, newest: int | None = None):
        """Actors whose name, short name or description matches ``text``, in English or
        Ukrainian; on PostgreSQL ranked, the names first, with ``name_headline``
        (tiers/models/search.py: ``ranked``)."""
        if not (text := text.strip()):
            return self
        if not full_text(self):
            return self.filter(contains_any([*NAMES, *in_columns("description")], text))
        marks = {"name_headline": lambda query: headline(reader_text("name"), query)}
        return ranked(self, text, order=("name", "pk"), newest=newest, headlines=marks)


class Actor(CuratedModel):
    """Who commits or speaks: a state, an organisation, a coalition, a person or a body."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        ORGANISATION = "organisation", _("International organisation")
        COALITION = "coalition", _("Coalition or group")
        PERSON = "person", _("Person")
        BODY = "body", _("Government body or armed force")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("For example NATO, EU, UK.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    iso_code = models.CharField(
        _("ISO country code"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("States only: the ISO 3166-1 alpha-2 code in capitals, for example UA."),
    )
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[validate_wikidata_id],
        help_text=_("Q followed by digits, as in https://www.wikidata.org/wiki/Q212."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = CuratedManager.from_queryset(ActorQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        default_permissions = CURATED_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="tiers_actor_iso_code_unique",
                violation_error_message=_("Another actor already has this ISO country code."),
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~models.Q(wikidata_id=""),
                name="tiers_actor_wikidata_id_unique",
                violation_error_message=_("Another actor already has this Wikidata id."),
            ),
            models.CheckConstraint(
                condition=models.Q(iso_code="") | models.Q(kind="state"),
                name="tiers_actor_iso_code_only_for_states",
                violation_error_message=_("Only a state carries an ISO country code."),
            ),
        ]
        indexes = [
            # The public list by name in each language (``ordering``), a page at a time: read
            # in order and stopped at the page's end instead of sorting every actor.
            models.Index(fields=[column], name=f"tiers_actor_list_{column}_idx")
            for column in in_columns("name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("tiers:actor_detail", "slug", self.slug)

    def clean(self):
        if self.iso_code and self.kind != self.Kind.STATE:
            raise ValidationError(
                {
                    "iso_code": _(
                        "Only a state carries an ISO country code; clear it or change the kind."
                    )
                }
            )

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


class Membership(CuratedModel):
    """An actor's place in another: a member of a coalition, a person in a post."""

    NATURAL_KEY = ("member__slug", "organisation__slug", "role", "start_on")
    SHOWN_WITH = ("member", "organisation")

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        CO_LEADER = "co_leader", _("Co-leader")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        POSITION = "position", _("Position (give its title)")

    member = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
        help_text=_("The state, person or body that holds the place."),
    )
    organisation = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("in"),
        help_text=_("The organisation, coalition or state in which it holds the place."),
    )
    role = models.CharField(_("role"), max_length=9, choices=Role.choices)
    title = models.CharField(
        _("position title"),
        max_length=200,
        blank=True,
        help_text=_("For a position: its title as it was at the time, e.g. Secretary General."),
    )
    start_on, start_precision = partial_date_fields("start", _("start"))
    end_on, end_precision = partial_date_fields("end", _("end"))
    source = models.ForeignKey(
        "tiers.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("source"),
    )

    class Meta:
        ordering = ["organisation__name", "start_on", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        default_permissions = CURATED_PERMISSIONS
        constraints = [
            partial_date_constraint("start"),
            partial_date_constraint("end"),
            models.CheckConstraint(
                condition=models.Q(start_on__isnull=True)
                | models.Q(end_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="tiers_membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("organisation")),
                name="tiers_membership_not_in_itself",
                violation_error_message=_("An actor cannot be a member of itself."),
            ),
            models.UniqueConstraint(
                fields=["member", "organisation", "role", "start_on"],
                name="tiers_membership_unique_start",
                violation_error_message=_("This membership, with this start, is already recorded."),
            ),
        ]

    def __str__(self):
        role = self.title or self.get_role_display()
        return f"{self.member} – {role}, {self.organisation}"

    @property
    def start(self):
        return PartialDate.from_fields(self.start_on, self.start_precision)

    @property
    def end(self):
        return PartialDate.from_fields(self.end_on, self.end_precision)

    def clean(self):
        errors = clean_partial_date(self, "start") | clean_partial_date(self, "end")
        if self.role == self.Role.POSITION and not self.title:
            errors["title"] = _("A position needs its title.")
        if self.member_id and self.member_id == self.organisation_id:
            errors["organisation"] = _("An actor cannot be a member of itself.")
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("A membership cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
