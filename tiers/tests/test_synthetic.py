import pytest
from django.core.management import CommandError, call_command

from tiers import synthetic
from tiers.models import Actor, Commitment, Source, Statement, StatusChange

pytestmark = pytest.mark.django_db


def test_it_generates_what_it_is_asked_for():
    counts = synthetic.generate(commitments=40, statements=120, seed=3)
    assert Commitment.objects.count() == 40 == counts.commitments
    assert Statement.objects.count() == 120
    assert StatusChange.objects.count() == counts.status_changes == 120
    assert Actor.objects.count() == counts.actors


def test_every_record_is_marked_synthetic():
    synthetic.generate(commitments=20, statements=20, seed=3)
    marker = Source.objects.get(key=synthetic.MARKER_KEY)
    assert marker.title == "Synthetic data"
    assert not Commitment.objects.exclude(sources=marker).exists()
    assert not Statement.objects.exclude(sources=marker).exists()
    assert not StatusChange.objects.exclude(source=marker).exists()
    assert not Actor.objects.exclude(slug__startswith="synthetic-").exists()


def test_the_same_seed_gives_the_same_records():
    synthetic.generate(commitments=15, statements=15, seed=9)
    first = list(Commitment.objects.order_by("slug").values_list("title", "progress"))
    synthetic.delete_synthetic()
    assert not Commitment.objects.exists()
    synthetic.generate(commitments=15, statements=15, seed=9)
    assert list(Commitment.objects.order_by("slug").values_list("title", "progress")) == first


def test_states_are_consistent_after_bulk_generation():
    synthetic.generate(commitments=30, statements=0, seed=4)
    stored = dict(Commitment.objects.values_list("pk", "progress"))
    Commitment.objects.refresh_states()
    assert dict(Commitment.objects.values_list("pk", "progress")) == stored


def test_it_leaves_the_seed_records_alone(seed):
    before = Commitment.objects.count()
    call_command("generate_synthetic", commitments=10, statements=10, verbosity=0)
    call_command("generate_synthetic", commitments=5, statements=5, replace=True, verbosity=0)
    assert Commitment.objects.count() == before + 5
    synthetic.delete_synthetic()
    assert Commitment.objects.count() == before


def test_it_refuses_to_run_twice_without_replace():
    call_command("generate_synthetic", commitments=3, statements=3, verbosity=0)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_synthetic", commitments=3, statements=3, verbosity=0)
