import datetime
from decimal import Decimal

import pytest

from tiers.models import Commitment, Visibility

from .factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges():
    one, two = TierFactory(number=1, slug="one"), TierFactory(number=2, slug="two")
    uk = ActorFactory(name="United Kingdom", slug="uk")
    made = {
        "troops": CommitmentFactory(
            tier=two,
            title="Reassurance force",
            category="troops",
            condition="ceasefire",
            lead_actor=uk,
            announced_on=datetime.date(2025, 9, 4),
        ),
        "money": CommitmentFactory(
            tier=one,
            title="Air defence money",
            category="financing",
            announced_on=datetime.date(2024, 5, 1),
            announced_precision="month",
        ),
        "training": CommitmentFactory(
            tier=one, title="Training brigades", category="training", actors=[uk]
        ),
    }
    StatusChangeFactory(commitment=made["troops"], progress="agreed", legal_form="intent")
    StatusChangeFactory(commitment=made["money"], progress="implementing")
    return made


def titles(response):
    return [c.title for c in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tier=two", ["Reassurance force"]),
        ("actor=uk", ["Reassurance force", "Training brigades"]),
        ("category=financing", ["Air defence money"]),
        ("progress=agreed", ["Reassurance force"]),
        ("legal_form=intent", ["Reassurance force"]),
        ("condition=ceasefire", ["Reassurance force"]),
        ("year=2024", ["Air defence money"]),
        ("tier=one&category=training", ["Training brigades"]),
        ("sort=title", ["Air defence money", "Reassurance force", "Training brigades"]),
        ("sort=oldest&tier=one", ["Air defence money", "Training brigades"]),
    ],
)
def test_every_filter_and_sort_lives_in_the_url(client, pledges, query, expected):
    response = client.get(f"/en/commitments/?{query}")
    if "sort" in query:
        assert titles(response) == expected
    else:
        assert sorted(titles(response)) == sorted(expected)


def test_the_form_shows_the_chosen_filters_again(client, pledges):
    text = client.get("/en/commitments/?tier=two&progress=agreed").content.decode()
    assert '<option value="two" selected>' in text
    assert '<option value="agreed" selected>' in text


def test_a_bad_filter_is_named_and_the_others_still_apply(client, pledges):
    response = client.get("/en/commitments/?year=soon&tier=two")
    assert "year" in response.context["form"].errors
    assert "Enter a whole number." in response.content.decode()
    assert titles(response) == ["Reassurance force"]


def test_the_list_paginates(client, db):
    tier = TierFactory()
    Commitment.objects.bulk_create(
        Commitment(
            tier=tier, title=f"C{n}", slug=f"c-{n}", category="troops", visibility="published"
        )
        for n in range(30)
    )
    first = client.get("/en/commitments/")
    assert len(first.context["page"]) == 25
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/en/commitments/?page=2")
    assert len(second.context["page"]) == 5
    assert client.get("/en/commitments/?page=99").context["page"].number == 2


def test_the_page_shows_three_axes_figures_timeline_statements_and_sources(client, db):
    source = SourceFactory(title="Paris declaration")
    commitment = CommitmentFactory(
        title="Monitoring mission",
        condition="ceasefire",
        sources=[source],
    )
    FigureFactory(commitment=commitment, value=Decimal("1500000000.00"), source=source)
    StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2025, 8, 1),
        occurred_precision="month",
        progress="announced",
        summary="First said.",
    )
    StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2025, 9, 4),
        progress="agreed",
        legal_form="intent",
        summary="Agreed in Paris.",
        source=source,
    )
    StatementFactory(quote="We agreed on monitoring.", commitments=[commitment])
    text = client.get(commitment.get_absolute_url()).content.decode()
    for expected in [
        "Agreed",
        "Declaration of intent",
        "After a ceasefire or peace agreement",
        "not triggered yet",
        "1,500,000,000 EUR",
        '<time datetime="2025-08">August 2025</time>',
        '<time datetime="2025-09-04">4 September 2025</time>',
        "We agreed on monitoring.",
        "Paris declaration",
    ]:
        assert expected in text
    assert text.index("First said.") < text.index("Agreed in Paris.")


def test_a_draft_source_of_a_published_change_is_not_cited(client, db):
    change = StatusChangeFactory(
        source=SourceFactory(title="Unchecked", visibility=Visibility.DRAFT)
    )
    text = client.get(change.commitment.get_absolute_url()).content.decode()
    assert change.summary in text
    assert "Unchecked" not in text
