"""Records the pages that answer across records are tested with: agreements, groups, troops."""

import datetime

from tiers.models import Actor, Commitment, Figure, Visibility
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    MembershipFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

STATE = Actor.Kind.STATE


def agreement(partner, ukraine, tier, on, form="signed", term=10, slug=None):
    commitment = CommitmentFactory(
        tier=tier,
        slug=slug or f"{partner.slug}-agreement",
        title=f"{partner.name}–Ukraine agreement",
        category="armed_forces",
        announced_on=on,
        lead_actor=partner,
        actors=[partner, ukraine],
        term_years=term,
    )
    StatusChangeFactory(commitment=commitment, occurred_on=on, progress="agreed", legal_form=form)
    return commitment


def build():
    one, two = TierFactory(number=1, slug="one"), TierFactory(number=2, slug="two")
    ukraine = ActorFactory(name="Ukraine", slug="ukraine", kind=STATE, iso_code="UA")
    uk = ActorFactory(name="United Kingdom", slug="united-kingdom", kind=STATE, iso_code="GB")
    france = ActorFactory(name="France", slug="france", kind=STATE, iso_code="FR")
    italy = ActorFactory(name="Italy", slug="italy", kind=STATE, iso_code="IT")
    netherlands = ActorFactory(name="Netherlands", slug="netherlands", kind=STATE, iso_code="NL")
    ActorFactory(name="Nobody", slug="nobody", kind=STATE, iso_code="XK")
    coalition = ActorFactory(
        name="Coalition of the willing", slug="coalition-of-the-willing", kind="coalition"
    )
    compact = ActorFactory(
        name="Signatories of the Ukraine Compact",
        slug="ukraine-compact-signatories",
        kind="coalition",
    )
    purl = ActorFactory(name="Contributors to PURL", slug="purl-contributors", kind="coalition")
    uk_deal = agreement(uk, ukraine, one, datetime.date(2024, 1, 12))
    agreement(france, ukraine, one, datetime.date(2024, 2, 16))
    agreement(netherlands, ukraine, one, datetime.date(2025, 3, 1), term=None)
    # Signed by three: not bilateral.
    CommitmentFactory(
        tier=two, slug="three-way", lead_actor=uk, actors=[uk, france, ukraine], title="Three-way"
    )
    MembershipFactory(member=uk, organisation=coalition, role="co_leader")
    MembershipFactory(member=france, organisation=coalition, role="co_leader")
    MembershipFactory(member=italy, organisation=coalition, role="member")
    for member in (uk, france, italy):
        MembershipFactory(
            member=member,
            organisation=compact,
            start_on=datetime.date(2024, 7, 11),
            start_precision="day",
        )
    MembershipFactory(member=netherlands, organisation=purl)
    package = CommitmentFactory(
        tier=one,
        slug="netherlands-purl",
        title="Netherlands: the first PURL package",
        category="equipment",
        lead_actor=netherlands,
        actors=[netherlands, purl],
    )
    CommitmentFactory(
        tier=two,
        slug="italy-no-troops",
        title="Italy: monitoring, not troops",
        category="monitoring",
        lead_actor=italy,
        actors=[italy],
        troop_position="no",
    )
    CommitmentFactory(
        tier=two,
        slug="uk-troops",
        title="UK: troops after a ceasefire",
        category="troops",
        lead_actor=uk,
        actors=[uk],
        troop_position="yes",
    )
    CommitmentFactory(
        tier=two,
        slug="draft-troops",
        lead_actor=france,
        actors=[france],
        troop_position="no",
        visibility=Visibility.DRAFT,
    )
    Figure.objects.create(
        key="nl-purl",
        commitment=package,
        kind="money",
        value=500_000_000,
        currency="USD",
        source=package.sources.get(),
        visibility=Visibility.PUBLISHED,
    )
    Figure.objects.create(
        key="uk-aid",
        commitment=uk_deal,
        kind="money",
        value=2_300_000_000,
        currency="GBP",
        source=uk_deal.sources.get(),
        visibility=Visibility.PUBLISHED,
    )
    rutte = ActorFactory(name="Mark Rutte", slug="mark-rutte", kind="person")
    StatementFactory(speaker=rutte, on_behalf_of=None, slug="rutte-said")
    StatementFactory(speaker=uk, slug="uk-said", quote="The United Kingdom will stand firm.")
    return {"uk": uk, "uk_deal": uk_deal, "italy": italy, "ukraine": ukraine, "one": one}


__all__ = ["build", "Commitment"]
