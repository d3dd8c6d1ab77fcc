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
