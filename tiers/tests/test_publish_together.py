"""Submitting or publishing a commitment takes along, once confirmed, its status changes and the
sources and actors it needs; all of them move, or none does."""

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.urls import reverse

from tiers import workflow
from tiers.models import Visibility
from tiers.roles import ANALYST

from .factories import ActorFactory, CommitmentFactory, SourceFactory, StatusChangeFactory

DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED
CHANGELIST = "admin:tiers_commitment_changelist"


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("an", is_staff=True)
    user.groups.add(Group.objects.get(name=ANALYST))
    return user


@pytest.fixture
def drafts(db):
    """A draft commitment, its draft lead actor and source, and two draft status changes."""
    actor = ActorFactory(visibility=DRAFT)
    source = SourceFactory(visibility=DRAFT)
    commitment = CommitmentFactory(
        visibility=DRAFT, lead_actor=actor, actors=[actor], sources=[source]
    )
    changes = [
        StatusChangeFactory(commitment=commitment, source=source, visibility=DRAFT)
        for _ in range(2)
    ]
    return commitment, actor, source, changes


def _states(*records):
    for record in records:
        record.refresh_from_db()
    return [record.visibility for record in records]


def test_the_plan_lists_what_is_needed_first_and_what_is_shown_with_it_after(drafts):
    commitment, actor, source, changes = drafts
    plan = workflow.move_plan(workflow.SUBMIT, [commitment])
    assert plan.index(source) < plan.index(commitment)
    assert plan.index(actor) < plan.index(commitment)
    assert plan[-2:] == changes
    assert len(plan) == 5  # each record once


def test_submitting_asks_once_then_moves_everything(drafts, client, analyst):
    commitment, actor, source, changes = drafts
    client.force_login(analyst)
    post = {"action": "submit_for_review", helpers.ACTION_CHECKBOX_NAME: [commitment.pk]}
    confirm = client.post(reverse(CHANGELIST), post)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "4 more records go with them" in page
    for record in (actor, source, *changes):
        assert str(record) in page
    assert _states(commitment) == [DRAFT]  # nothing moved before the confirmation
    done = client.post(reverse(CHANGELIST), post | {"together": confirm.context["key"]})
    assert done.status_code == 302
    assert _states(commitment, actor, source, *changes) == [REVIEW] * 5


def test_publishing_takes_along_what_is_in_review(drafts, client, editor):
    commitment, actor, source, changes = drafts
    for record in (commitment, actor, source, *changes):
        record.visibility = REVIEW
        record.save()
    client.force_login(editor)
    post = {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [commitment.pk]}
    key = client.post(reverse(CHANGELIST), post).context["key"]
    client.post(reverse(CHANGELIST), post | {"together": key})
    assert _states(commitment, actor, source, *changes) == [PUBLISHED] * 5
    commitment.refresh_from_db()
    assert commitment.progress == changes[-1].progress  # published changes make its state


def test_one_refusal_moves_nothing(drafts, client, editor):
    commitment, actor, source, changes = drafts
    for record in (commitment, actor, *changes):
        record.visibility = REVIEW
        record.save()
    # The source stays a draft: it cannot be published, so neither can what needs it.
    client.force_login(editor)
    post = {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [commitment.pk]}
    key = client.post(reverse(CHANGELIST), post).context["key"]
    response = client.post(reverse(CHANGELIST), post | {"together": key}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert _states(commitment, actor, *changes) == [REVIEW] * 4
    assert _states(source) == [DRAFT]


def test_only_the_selected_records_when_asked(drafts, client, analyst):
    commitment, actor, source, changes = drafts
    client.force_login(analyst)
    post = {"action": "submit_for_review", helpers.ACTION_CHECKBOX_NAME: [commitment.pk]}
    client.post(reverse(CHANGELIST), post | {"together": "selected"})
    assert _states(commitment, actor, source, *changes) == [REVIEW, DRAFT, DRAFT, DRAFT, DRAFT]


def test_a_list_that_changed_since_it_was_shown_is_shown_again(drafts, client, analyst):
    commitment, *_rest = drafts
    client.force_login(analyst)
    post = {"action": "submit_for_review", helpers.ACTION_CHECKBOX_NAME: [commitment.pk]}
    key = client.post(reverse(CHANGELIST), post).context["key"]
    StatusChangeFactory(commitment=commitment, visibility=DRAFT)
    again = client.post(reverse(CHANGELIST), post | {"together": key})
    assert again.status_code == 200 and "have changed" in again.content.decode()
    assert _states(commitment) == [DRAFT]


def test_nothing_to_take_along_moves_at_once(db, client, analyst):
    commitment = CommitmentFactory(visibility=DRAFT)
    client.force_login(analyst)
    post = {"action": "submit_for_review", helpers.ACTION_CHECKBOX_NAME: [commitment.pk]}
    assert client.post(reverse(CHANGELIST), post).status_code == 302
    assert _states(commitment) == [REVIEW]


def test_an_analyst_is_not_offered_publish(db, client, analyst, editor):
    CommitmentFactory(visibility=DRAFT)
    client.force_login(analyst)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="submit_for_review"' in page and 'value="publish"' not in page
    client.force_login(editor)
    assert 'value="publish"' in client.get(reverse(CHANGELIST)).content.decode()
