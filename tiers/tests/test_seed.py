"""The seed records load, are published, cite their sources and hold consistent states; what
they may state is checked against facts.md in test_seed_facts.py."""

import json
from pathlib import Path

import pytest

from tiers.models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
)

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed.json"


def test_it_loads_the_three_tiers(seed):
    assert list(Tier.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_every_record_is_published(seed):
    for model in [Tier, Actor, Membership, Source, Commitment, StatusChange, Statement, Figure]:
        assert model.objects.exists(), model
        assert model.objects.published().count() == model.objects.count(), model


def test_every_commitment_change_and_statement_cites_a_source(seed):
    assert not Commitment.objects.filter(sources=None).exists()
    assert not Statement.objects.filter(sources=None).exists()
    assert not StatusChange.objects.filter(source=None).exists()
    assert not Membership.objects.filter(source=None).exists()
    assert not Figure.objects.filter(source=None).exists()


def test_every_record_passes_validation(seed):
    for model in [Tier, Actor, Membership, Source, Commitment, StatusChange, Statement, Figure]:
        for record in model.objects.all():
            record.full_clean()


def test_commitment_states_match_their_status_changes(seed):
    state = ("slug", "progress", "legal_form", "progress_since_on", "progress_since_precision")
    stored = {row[0]: row[1:] for row in Commitment.objects.values_list(*state)}
    Commitment.objects.refresh_states()
    assert {row[0]: row[1:] for row in Commitment.objects.values_list(*state)} == stored
    stored = {slug: row[0] for slug, row in stored.items()}
    assert stored["reassurance-force"] == "agreed"


def test_the_fixture_carries_no_database_ids():
    for record in json.loads(SEED.read_text()):
        assert "pk" not in record


def test_every_record_has_its_ukrainian_text(seed):
    assert not Commitment.objects.filter(title_uk="").exists()
    assert not Commitment.objects.exclude(description_en="").filter(description_uk="").exists()
    assert not StatusChange.objects.filter(summary_uk="").exists()
    assert not Actor.objects.filter(name_uk="").exists()
    assert not Figure.objects.exclude(note_en="").filter(note_uk="").exists()
    assert not Statement.objects.exclude(occasion_en="").filter(occasion_uk="").exists()
    assert not Tier.objects.filter(description_uk="").exists()
