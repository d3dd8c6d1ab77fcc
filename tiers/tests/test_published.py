import pytest

from tiers.models import Actor, Commitment, Source, Statement, StatusChange, Visibility
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory,model",
    [
        (ActorFactory, Actor),
        (SourceFactory, Source),
        (CommitmentFactory, Commitment),
        (StatusChangeFactory, StatusChange),
        (StatementFactory, Statement),
    ],
)
def test_published_keeps_only_published_records(factory, model):
    published = factory(visibility=Visibility.PUBLISHED)
    factory(visibility=Visibility.DRAFT)
    factory(visibility=Visibility.REVIEW)
    assert list(model.objects.filter(pk__in=[published.pk]).published()) == [published]
    assert published.pk in model.objects.published().values_list("pk", flat=True)
    assert model.objects.published().exclude(visibility=Visibility.PUBLISHED).count() == 0


def test_records_are_drafts_until_published():
    assert Actor(name="X", slug="x", kind="state").visibility == Visibility.DRAFT


def test_public_leaves_out_only_what_the_caller_knows_to_be_public():
    draft = CommitmentFactory(visibility=Visibility.DRAFT)
    change = StatusChangeFactory(commitment=draft, visibility=Visibility.PUBLISHED)
    StatusChangeFactory(commitment=draft, visibility=Visibility.DRAFT)
    assert not StatusChange.objects.public().filter(pk=change.pk).exists()
    # Its own visibility still counts: only the commitment's condition is left out.
    assert list(StatusChange.objects.public(known=("commitment",)).filter(commitment=draft)) == [
        change
    ]


def test_public_refuses_to_leave_out_what_a_record_is_not_shown_with():
    with pytest.raises(ValueError, match="StatusChange is not shown with tier"):
        StatusChange.objects.public(known=("tier",))
