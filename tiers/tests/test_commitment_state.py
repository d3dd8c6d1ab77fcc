"""A commitment's progress and legal form follow its latest published status change."""

import datetime

import pytest

from tiers.models import Commitment, StatusChange, Visibility
from tiers.tests.factories import CommitmentFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

AUG = datetime.date(2025, 8, 17)
SEP = datetime.date(2025, 9, 4)
JAN = datetime.date(2026, 1, 6)


def state(commitment):
    commitment.refresh_from_db()
    return commitment.progress, commitment.legal_form


def test_it_has_no_state_before_any_change():
    assert state(CommitmentFactory()) == ("", "")


def test_it_follows_added_changes_in_date_order_not_insertion_order():
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment, occurred_on=SEP, progress="agreed")
    StatusChangeFactory(
        commitment=commitment, occurred_on=AUG, progress="announced", legal_form="political"
    )
    assert state(commitment) == ("agreed", "political")


def test_the_legal_form_comes_from_the_latest_change_that_gives_one():
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment, occurred_on=AUG, legal_form="political")
    StatusChangeFactory(commitment=commitment, occurred_on=SEP, progress="agreed", legal_form="")
    StatusChangeFactory(
        commitment=commitment, occurred_on=JAN, progress="agreed", legal_form="intent"
    )
    assert state(commitment) == ("agreed", "intent")


def test_it_follows_an_edited_change():
    commitment = CommitmentFactory()
    change = StatusChangeFactory(commitment=commitment, occurred_on=AUG, progress="announced")
    change.progress = "stalled"
    change.save()
    assert state(commitment) == ("stalled", "")


def test_it_falls_back_when_the_latest_change_is_deleted():
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment, occurred_on=AUG, progress="announced")
    latest = StatusChangeFactory(commitment=commitment, occurred_on=SEP, progress="agreed")
    latest.delete()
    assert state(commitment) == ("announced", "")


def test_it_follows_a_bulk_delete():
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment, occurred_on=AUG, progress="announced")
    StatusChangeFactory(commitment=commitment, occurred_on=SEP, progress="agreed")
    StatusChange.objects.filter(occurred_on=SEP).delete()
    assert state(commitment) == ("announced", "")
    StatusChange.objects.all().delete()
    assert state(commitment) == ("", "")


def test_draft_changes_do_not_set_the_public_state():
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment, occurred_on=AUG, progress="announced")
    draft = StatusChangeFactory(
        commitment=commitment, occurred_on=SEP, progress="withdrawn", visibility=Visibility.DRAFT
    )
    assert state(commitment) == ("announced", "")
    StatusChange.objects.filter(pk=draft.pk).update(visibility=Visibility.PUBLISHED)
    assert state(commitment) == ("withdrawn", "")


def test_moving_a_change_updates_both_commitments():
    first, second = CommitmentFactory(), CommitmentFactory()
    change = StatusChangeFactory(commitment=first, occurred_on=AUG, progress="agreed")
    change.commitment = second
    change.save()
    assert state(first) == ("", "")
    assert state(second) == ("agreed", "")


def test_the_admin_inline_keeps_the_state_consistent(staff_client):
    from django.urls import reverse

    commitment = CommitmentFactory()
    source = commitment.sources.get()
    url = reverse("admin:tiers_commitment_change", args=[commitment.pk])
    data = {
        "tier": commitment.tier_id,
        "title_en": commitment.title,
        "slug": commitment.slug,
        "category": commitment.category,
        "condition": "unconditional",
        "announced": "2025-09-04",
        "visibility": "published",
        "sources": [source.pk],
        "actors": [commitment.lead_actor_id],
        "lead_actor": commitment.lead_actor_id,
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "0",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
        "status_changes-0-occurred": "2025-09-04",
        "status_changes-0-progress": "agreed",
        "status_changes-0-legal_form": "signed",
        "status_changes-0-summary_en": "Signed in Paris.",
        "status_changes-0-source": source.pk,
        "status_changes-0-visibility": "published",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert state(commitment) == ("agreed", "signed")


def test_refresh_states_repairs_many_commitments_in_one_query(django_assert_num_queries):
    commitments = [CommitmentFactory() for _ in range(5)]
    for c in commitments:
        StatusChangeFactory(commitment=c, occurred_on=AUG, progress="implementing")
    Commitment.objects.update(progress="", legal_form="")
    with django_assert_num_queries(1):
        Commitment.objects.refresh_states()
    assert {state(c)[0] for c in commitments} == {"implementing"}


def test_saving_a_stale_commitment_does_not_overwrite_its_state():
    commitment = CommitmentFactory()
    stale = Commitment.objects.get(pk=commitment.pk)
    StatusChangeFactory(commitment=commitment, occurred_on=AUG, progress="agreed")
    stale.title = "Renamed"
    stale.save()
    assert state(commitment) == ("agreed", "")
    assert commitment.title == "Renamed"


def test_restoring_a_commitment_with_its_id_recomputes_its_state():
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment, occurred_on=AUG, progress="agreed")
    restored = Commitment(
        **{f.attname: getattr(commitment, f.attname) for f in Commitment._meta.concrete_fields}
    )
    restored.progress = "withdrawn"  # a value from an older version of the record
    restored.save()
    assert state(commitment) == ("agreed", "")


def test_the_progress_holds_since_the_latest_published_change(client):
    commitment = CommitmentFactory()
    assert commitment.progress_since is None
    StatusChangeFactory(commitment=commitment, occurred_on=AUG, progress="announced")
    StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2025, 9, 1),
        occurred_precision="month",
        progress="agreed",
    )
    StatusChangeFactory(
        commitment=commitment, occurred_on=JAN, progress="stalled", visibility=Visibility.DRAFT
    )
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.progress_since.isoformat()) == ("agreed", "2025-09")
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert 'since <time datetime="2025-09">September 2025</time>' in html
