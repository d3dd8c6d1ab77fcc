"""What readers ask across records, answered once: who signed what, who will send troops, who
is in the Compact, the coalition and PURL.

This module is the one place that says how those answers are told apart in the records; the
table of who is in what, its CSV and the map read ``who_is_in_what`` as kept between writes
(tiers/answer_table.py), the comparison for its few actors:

- a **bilateral agreement** is a commitment whose legal form is signed or legally binding and
  whose public actors are exactly two, Ukraine (ISO code UA) and the actor of the row;
- a **troop position** is a commitment that states one (``Commitment.troop_position``), and
  belongs to its lead actor;
- **Compact signatory**, **coalition role** and **PURL member** are memberships of the groups
  named in ``GROUPS`` (by slug, which never changes), each with its source;
- a **PURL contribution** is a commitment led by a state that names the PURL group among its
  actors;
- **figures** are those of the commitments an actor leads, added up by ``tiers.figures.totals``
  (the one rule for totals): its PURL contributions' apart from the others'.

Every answer keeps the record it comes from, so that each cell links to a sourced record. The
whole table is read in a fixed number of queries, whatever the number of records.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Q

from .figures import public_figures, totals
from .models import Actor, Commitment, Membership, Tier
from .models.base import public_q

UKRAINE_ISO = "UA"
# The groups whose members the table shows, by their slugs.
COMPACT = "ukraine-compact-signatories"
COALITION = "coalition-of-the-willing"
PURL = "purl-contributors"
GROUPS = (COMPACT, COALITION, PURL)
AGREEMENT_FORMS = (Commitment.LegalForm.SIGNED, Commitment.LegalForm.BINDING)
# Who gets a row, states first.
ROW_KINDS = (Actor.Kind.STATE, Actor.Kind.ORGANISATION, Actor.Kind.COALITION)
COMMITMENT_FIELDS = (
    "slug",
    "title_en",
    "title_uk",
    "announced_on",
    "announced_precision",
    "term_years",
    "legal_form",
    "troop_position",
    "lead_actor_id",
    "visibility",
)
TROOP_ORDER = {
    Commitment.TroopPosition.YES: 0,
    Commitment.TroopPosition.CONDITIONAL: 1,
    Commitment.TroopPosition.NO: 2,
}


@dataclass
class Row:
    """What one actor committed to, each answer with the record it comes from."""

    actor: Actor
    agreements: list = field(default_factory=list)  # commitments
    troops: list = field(default_factory=list)  # commitments with a troop position
    purl: list = field(default_factory=list)  # commitments: the actor's PURL contributions
    memberships: dict = field(default_factory=dict)  # group slug -> Membership
    purl_figures: list = field(default_factory=list)
    other_figures: list = field(default_factory=list)

    @cached_property
    def purl_totals(self):
        return totals(self.purl_figures)

    @cached_property
    def other_totals(self):
        return totals(self.other_figures)

    @property
    def compact(self):
        return self.memberships.get(COMPACT)

    @property
    def coalition(self):
        return self.memberships.get(COALITION)

    @property
    def purl_member(self):
        return self.memberships.get(PURL)

    @property
    def troop_position(self) -> str:
        """The actor's latest stated position, or "" when it has stated none."""
        return self.troops[0].troop_position if self.troops else ""

    @property
    def first_agreement(self):
        return self.agreements[0] if self.agreements else None

    def has_answers(self) -> bool:
        answers = self.agreements or self.troops or self.purl or self.memberships
        return bool(answers or self.other_figures)

    @property
    def answers(self) -> set:
        """Which questions this row answers yes to; the map's colours and filters use them."""
        found = set()
        if self.agreements:
            found.add("agreement")
        if self.compact:
            found.add("compact")
        if self.coalition:
            found.add("coalition")
        if self.purl or self.purl_member:
            found.add("purl")
        if self.troop_position:
            found.add(f"troops-{self.troop_position}")
        return found


def _newest(commitment):
    return (commitment.announced_on is not None, commitment.announced_on, commitment.pk)


def who_is_in_what(*, tier: Tier | None = None, category: str = "", kind: str = "", actors=None):
    """One row per public state, organisation and coalition that has an answer, states first.

    ``tier`` and ``category`` narrow the commitments counted; ``kind`` the actors; ``actors``
    (a list of actors) gives exactly these rows, with or without answers (the comparison), read
    from the commitments they lead or join only.
    Queries: the actors, the group memberships with their sources, the commitments that answer
    (only what the cells read), their actors, and the figures of the commitments the actors lead.
    """
    if actors is None:
        rows_of = Actor.objects.public().filter(kind__in=[kind] if kind else ROW_KINDS)
        rows_of = list(rows_of.order_by("name", "pk"))
    else:
        rows_of = list(actors)
    rows = {actor.pk: Row(actor) for actor in rows_of}
    if not rows:
        return []

    memberships = (
        Membership.objects.public()
        .filter(organisation__slug__in=GROUPS, member__in=list(rows))
        .select_related("organisation", "source")
        .order_by("start_on", "pk")
    )
    for membership in memberships:
        rows[membership.member_id].memberships.setdefault(membership.organisation.slug, membership)

    counted = Commitment.objects.public()
    if tier:
        counted = counted.filter(tier=tier)
    if category:
        counted = counted.filter(category=category)
    led = counted.filter(lead_actor__in=list(rows)).values("pk")
    if actors is not None:
        # The comparison's few actors: only the commitments they lead or join can answer.
        counted = counted.involving_any(list(rows))
    # What the rows and their cells read of each commitment (tiers/answer_cells.py), no more:
    # the unfiltered table reads every answering commitment.
    commitments = counted.only(*COMMITMENT_FIELDS)
    in_purl = Commitment.actors.through.objects.filter(
        public_q(Actor, "actor__"), actor__slug=PURL
    ).values("commitment_id")
    commitments = list(
        commitments.filter(
            Q(legal_form__in=AGREEMENT_FORMS)
            | ~Q(troop_position="")
            | Q(pk__in=in_purl, lead_actor__kind=Actor.Kind.STATE)
        )
    )
    by_pk = {commitment.pk: commitment for commitment in commitments}
    actors_of = defaultdict(set)
    links = Commitment.actors.through.objects.filter(
        public_q(Actor, "actor__"), commitment__in=list(by_pk)
    ).values_list("commitment_id", "actor_id", "actor__iso_code", "actor__slug")
    ukraine, purl = defaultdict(set), set()
    for commitment_id, actor_id, iso_code, slug in links:
        actors_of[commitment_id].add(actor_id)
        if iso_code == UKRAINE_ISO:
            ukraine[commitment_id].add(actor_id)
        if slug == PURL:
            purl.add(commitment_id)

    for commitment in sorted(commitments, key=_newest, reverse=True):
        members = actors_of[commitment.pk]
        bilateral = len(members) == 2 and len(ukraine[commitment.pk]) == 1
        if commitment.legal_form in AGREEMENT_FORMS and bilateral:
            (other,) = members - ukraine[commitment.pk]
            if other in rows:
                rows[other].agreements.append(commitment)
        lead = rows.get(commitment.lead_actor_id)
        if lead is None:
            continue
        if commitment.troop_position:
            lead.troops.append(commitment)
        if commitment.pk in purl and lead.actor.kind == Actor.Kind.STATE:
            lead.purl.append(commitment)

    purl_ids = {c.pk for row in rows.values() for c in row.purl}
    figures = public_figures(commitment__in=led).annotate(lead_id=F("commitment__lead_actor_id"))
    for figure in figures:
        row = rows[figure.lead_id]
        (row.purl_figures if figure.commitment_id in purl_ids else row.other_figures).append(figure)

    if actors is not None:
        return [rows[actor.pk] for actor in rows_of]
    ordered = sorted(rows.values(), key=lambda row: ROW_KINDS.index(row.actor.kind))
    return [row for row in ordered if row.has_answers()]
