"""Draft → in review → published, back to draft with a reason; publishing checks completeness."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse

from tiers import workflow
from tiers.models import Visibility
from tiers.roles import ANALYST
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
)

DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("an", is_staff=True)
    user.groups.add(Group.objects.get(name=ANALYST))
    return user


def test_a_record_moves_draft_review_published_and_back(db, editor):
    source = SourceFactory(visibility=DRAFT)
    assert workflow.apply(workflow.SUBMIT, [source], editor).ok
    assert workflow.apply(workflow.PUBLISH, [source], editor).ok
    assert workflow.apply(workflow.RETURN_TO_DRAFT, [source], editor, "Wrong title").ok
    source.refresh_from_db()
    assert source.visibility == DRAFT
    reasons = list(source.history.order_by("history_id").values_list("history_change_reason"))
    assert reasons[1:] == [("Submit for review",), ("Publish",), ("Return to draft: Wrong title",)]
    assert set(
        source.history.exclude(history_user=None).values_list("history_user", flat=True)
    ) == {editor.pk}


def test_a_draft_cannot_skip_review(db, editor):
    source = SourceFactory(visibility=DRAFT)
    outcome = workflow.apply(workflow.PUBLISH, [source], editor)
    assert not outcome.ok
    assert "applies only to records that are in review" in outcome.refused[0][1][0]
    source.refresh_from_db()
    assert source.visibility == DRAFT


def test_going_back_to_draft_needs_a_reason(db, editor):
    with pytest.raises(ValueError):
        workflow.apply(workflow.RETURN_TO_DRAFT, [SourceFactory()], editor, "  ")


def test_a_commitment_without_a_source_cannot_be_published(db):
    commitment = CommitmentFactory(visibility=REVIEW, sources=[])
    assert workflow.publication_problems(commitment) == [
        "Cite at least one source before publishing."
    ]


def test_a_status_change_without_a_source_cannot_be_published(db):
    change = StatusChangeFactory(visibility=REVIEW, source=None)
    assert workflow.publication_problems(change) == ["Give the source that reports this change."]


def test_a_statement_without_a_source_cannot_be_published(db):
    statement = StatementFactory(visibility=REVIEW, sources=[])
    assert workflow.publication_problems(statement) == [
        "Cite at least one source before publishing."
    ]


def test_a_record_pointing_to_unpublished_actors_or_sources_cannot_be_published(db):
    draft_source = SourceFactory(visibility=DRAFT, title="Leaked memo", publisher="")
    draft_actor = ActorFactory(visibility=DRAFT, name="Someone")
    commitment = CommitmentFactory(
        visibility=REVIEW, sources=[draft_source], lead_actor=draft_actor
    )
    assert workflow.publication_problems(commitment) == [
        "Its source “Leaked memo” is not published yet.",
        "Its lead actor “Someone” is not published yet.",
        "Its actor “Someone” is not published yet.",
    ]
    statement = StatementFactory(visibility=REVIEW, speaker=draft_actor)
    assert workflow.publication_problems(statement) == [
        "Its speaker “Someone” is not published yet."
    ]
    membership = MembershipFactory(visibility=REVIEW, source=draft_source)
    assert workflow.publication_problems(membership) == [
        "Its source “Leaked memo” is not published yet."
    ]


def test_a_complete_record_has_no_problems(db):
    assert workflow.publication_problems(CommitmentFactory(visibility=REVIEW)) == []
    assert workflow.publication_problems(StatusChangeFactory(visibility=REVIEW)) == []


def test_one_incomplete_record_stops_the_whole_action(db, editor):
    complete = CommitmentFactory(visibility=REVIEW)
    incomplete = CommitmentFactory(visibility=REVIEW, sources=[])
    outcome = workflow.apply(workflow.PUBLISH, [complete, incomplete], editor)
    assert [record for record, _reasons in outcome.refused] == [incomplete]
    complete.refresh_from_db()
    assert complete.visibility == REVIEW


def test_the_publish_action_says_what_is_missing(client, editor):
    commitment = CommitmentFactory(visibility=REVIEW, sources=[], title="Air policing")
    client.force_login(editor)
    response = client.post(
        reverse("admin:tiers_commitment_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [commitment.pk]},
        follow=True,
    )
    text = [str(m) for m in response.context["messages"]]
    assert any("Air policing" in m and "Cite at least one source" in m for m in text), text
    commitment.refresh_from_db()
    assert commitment.visibility == REVIEW


def test_the_admin_form_refuses_to_publish_a_statement_with_an_unpublished_speaker(client, editor):
    speaker = ActorFactory(visibility=DRAFT, name="Hidden speaker")
    source = SourceFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:tiers_statement_add"),
        {
            "speaker": speaker.pk,
            "slug": "said",
            "quote": "We will help.",
            "language": "en",
            "visibility": "published",
            "sources": [source.pk],
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["speaker"] == ["Its speaker “Hidden speaker” is not published yet."]


def test_return_to_draft_asks_for_a_reason_first(client, editor):
    source = SourceFactory()
    client.force_login(editor)
    url = reverse("admin:tiers_source_changelist")
    data = {"action": "return_to_draft", ACTION_CHECKBOX_NAME: [source.pk]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "reason" in response.context["form"].fields
    source.refresh_from_db()
    assert source.visibility == PUBLISHED
    client.post(url, data | {"reason": "Source retracted"})
    source.refresh_from_db()
    assert source.visibility == DRAFT
    assert source.history.latest("history_id").history_change_reason == (
        "Return to draft: Source retracted"
    )


def test_an_editor_cannot_unpublish_through_the_form(client, editor):
    source = SourceFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:tiers_source_change", args=[source.pk]),
        {
            "title": source.title,
            "key": source.key,
            "kind": source.kind,
            "url": source.url,
            "published_on": "2025-08-18",
            "published_precision": "day",
            "visibility": "draft",
        },
    )
    assert "Return to draft" in response.context["adminform"].form.errors["visibility"][0]


def test_an_analyst_cannot_publish_a_status_change_inline(client, analyst):
    commitment = CommitmentFactory(visibility=DRAFT)
    source = commitment.sources.get()
    client.force_login(analyst)
    response = client.post(
        reverse("admin:tiers_commitment_change", args=[commitment.pk]),
        {
            "tier": commitment.tier_id,
            "title": commitment.title,
            "slug": commitment.slug,
            "category": commitment.category,
            "condition": "unconditional",
            "visibility": "draft",
            "sources": [source.pk],
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-INITIAL_FORMS": "0",
            "figures-TOTAL_FORMS": "0",
            "figures-INITIAL_FORMS": "0",
            "status_changes-0-occurred_on": "2025-09-04",
            "status_changes-0-occurred_precision": "day",
            "status_changes-0-progress": "agreed",
            "status_changes-0-summary": "Signed.",
            "status_changes-0-source": source.pk,
            "status_changes-0-visibility": "published",
        },
    )
    assert response.status_code == 200
    assert not commitment.status_changes.exists()
