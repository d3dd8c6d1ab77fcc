"""The review queue: everything in review, each with its difference from the published version,
publish and return-with-reason from the page, a count on the admin index, and the reasons shown
to the analyst."""

import datetime

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.urls import reverse

from tiers import review
from tiers.history import bulk_create_with_history
from tiers.models import Commitment, Source, StatusChange, Visibility
from tiers.roles import ANALYST

from .factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatusChangeFactory,
    TierFactory,
)

DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED
QUEUE = "admin_review_queue"


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("an", is_staff=True)
    user.groups.add(Group.objects.get(name=ANALYST))
    return user


def _edit(record, user, **changes):
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()


def test_a_changed_record_shows_field_by_field_what_differs(db, client, editor):
    commitment = CommitmentFactory(title="Air policing")
    new_source = SourceFactory(title="Second report")
    _edit(commitment, editor, title="Air policing over the west", visibility=REVIEW)
    commitment.sources.add(new_source)
    client.force_login(editor)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    (section,) = response.context["sections"]
    (entry,) = section.entries
    rows = {label: (before, after) for label, before, after in entry.difference.rows}
    assert rows["title [en]"] == ("Air policing", "Air policing over the west")
    assert "Second report" in rows["sources"][1] and "Second report" not in rows["sources"][0]
    assert entry.difference.published_at is not None
    assert "visibility" not in rows and "updated" not in rows


def test_a_new_record_lists_every_field_it_holds(db, client, editor):
    source = SourceFactory(
        visibility=REVIEW, title="Fresh", published_on=None, published_precision=""
    )
    client.force_login(editor)
    response = client.get(reverse(QUEUE))
    (entry,) = response.context["sections"][0].entries
    assert entry.record == source and entry.difference.published_at is None
    labels = [label for label, _before, _after in entry.difference.rows]
    assert "title" in labels and "published" not in labels


def test_status_changes_in_review_are_listed_under_their_commitment(db, client, editor):
    commitment = CommitmentFactory(visibility=REVIEW)
    change = StatusChangeFactory(commitment=commitment, visibility=REVIEW)
    client.force_login(editor)
    response = client.get(reverse(QUEUE))
    section, changes = response.context["sections"]
    assert section.opts.model is Commitment and changes.entries == []
    assert [m.record for m in section.entries[0].members] == [change]
    assert "Publish, with the 1 record below" in response.content.decode()


def test_publishing_from_the_queue_takes_the_status_changes_after_one_confirmation(
    db, client, editor
):
    commitment = CommitmentFactory(visibility=REVIEW)
    change = StatusChangeFactory(commitment=commitment, visibility=REVIEW)
    client.force_login(editor)
    changelist = reverse("admin:tiers_commitment_changelist")
    post = {
        "action": "publish",
        helpers.ACTION_CHECKBOX_NAME: [commitment.pk],
        "next": "review_queue",
    }
    confirm = client.post(changelist, post)
    assert confirm.status_code == 200 and str(change) in confirm.content.decode()
    done = client.post(changelist, post | {"together": confirm.context["key"]})
    assert done.status_code == 302 and done["Location"] == reverse(QUEUE)
    change.refresh_from_db()
    commitment.refresh_from_db()
    assert (commitment.visibility, change.visibility) == (PUBLISHED, PUBLISHED)


def test_returning_from_the_queue_records_the_reason_for_the_analyst(db, client, editor, analyst):
    source = SourceFactory(visibility=DRAFT)
    _edit(source, analyst, visibility=REVIEW)
    client.force_login(editor)
    response = client.post(
        reverse("admin:tiers_source_changelist"),
        {
            "action": "return_to_draft",
            helpers.ACTION_CHECKBOX_NAME: [source.pk],
            "reason": "The URL is a paywall; find the agency's copy.",
            "dependants": "",
            "next": "review_queue",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(QUEUE)
    source.refresh_from_db()
    assert source.visibility == DRAFT

    client.force_login(analyst)
    queue = client.get(reverse(QUEUE))
    (returned,) = queue.context["returned"]
    assert returned[1].id == source.pk
    assert "paywall" in queue.content.decode()
    form = client.get(reverse("admin:tiers_source_change", args=[source.pk]))
    assert "An editor returned this record to draft" in form.content.decode()
    assert "paywall" in form.content.decode()


def test_the_reasons_shown_are_those_of_records_the_analyst_submitted(
    db, editor, analyst, django_user_model
):
    other = django_user_model.objects.create_user("other", is_staff=True)
    mine, theirs = SourceFactory(visibility=DRAFT), SourceFactory(visibility=DRAFT)
    _edit(mine, analyst, visibility=REVIEW)
    _edit(theirs, other, visibility=REVIEW)
    for record in (mine, theirs):
        record._change_reason = "Return to draft: check the date"
        _edit(record, editor, visibility=DRAFT)
    assert [row.id for row in review.returned_to_draft(Source, submitted_by=analyst)] == [mine.pk]
    assert len(review.returned_to_draft(Source)) == 2


def test_an_analyst_sees_the_queue_without_publish_buttons(db, client, analyst):
    SourceFactory(visibility=REVIEW)
    client.force_login(analyst)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    assert not response.context["sections"][0].may_publish
    assert 'value="publish"' not in response.content.decode()


def test_the_queue_only_reads(db, client, editor):
    client.force_login(editor)
    assert client.post(reverse(QUEUE)).status_code == 405


def test_the_admin_index_counts_what_waits(db, client, editor):
    SourceFactory(visibility=REVIEW)
    CommitmentFactory(visibility=REVIEW)
    client.force_login(editor)
    response = client.get(reverse("admin:index"))
    assert "2 records wait" in response.content.decode()
    assert reverse(QUEUE) in response.content.decode()


def _waiting(count):
    """``count`` commitments in review, each with a status change in review, and ``count``
    sources in review: written in bulk, each with its historical row."""
    tier, actor, source = TierFactory(), ActorFactory(), SourceFactory()
    commitments = bulk_create_with_history(
        [
            Commitment(
                tier=tier,
                lead_actor=actor,
                title=f"Waiting {n}",
                slug=f"waiting-{n}",
                category="troops",
                visibility=REVIEW,
            )
            for n in range(count)
        ],
        Commitment,
    )
    bulk_create_with_history(
        [
            StatusChange(
                commitment=c,
                occurred_on=datetime.date(2025, 9, 4),
                occurred_precision="day",
                progress="announced",
                summary="Announced.",
                source=source,
                visibility=REVIEW,
            )
            for c in commitments
        ],
        StatusChange,
    )
    bulk_create_with_history(
        [
            Source(key=f"waiting-{n}", title=f"Waiting {n}", kind="news", visibility=REVIEW)
            for n in range(count)
        ],
        Source,
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_queue_reads_a_fixed_number_of_queries(
    db, client, editor, count, django_assert_num_queries
):
    _waiting(count)
    client.force_login(editor)
    client.get(reverse(QUEUE))  # the session and permissions cached as for any later page
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse(QUEUE))
    assert response.context["waiting"] == 3 * count


@pytest.mark.parametrize("count", [10, 1000])
def test_the_admin_index_reads_a_fixed_number_of_queries(
    db, client, editor, count, django_assert_num_queries
):
    _waiting(count)
    client.force_login(editor)
    with django_assert_num_queries(INDEX_QUERIES):
        client.get(reverse("admin:index"))


QUEUE_QUERIES = 40
INDEX_QUERIES = 13


def test_publish_everything_listed_is_all_or_nothing(db, client, editor):
    source = SourceFactory(visibility=REVIEW)
    commitment = CommitmentFactory(visibility=REVIEW, sources=[source])
    change = StatusChangeFactory(commitment=commitment, source=source, visibility=REVIEW)
    client.force_login(editor)
    listed = client.get(reverse(QUEUE)).context["listed"]
    response = client.post(reverse("admin_review_publish_all"), {"records": listed})
    assert response.status_code == 302
    for record in (source, commitment, change):
        record.refresh_from_db()
        assert record.visibility == PUBLISHED

    draft_source = SourceFactory(visibility=DRAFT)
    blocked = CommitmentFactory(visibility=REVIEW, sources=[draft_source])
    other = SourceFactory(visibility=REVIEW)
    listed = client.get(reverse(QUEUE)).context["listed"]
    client.post(reverse("admin_review_publish_all"), {"records": listed})
    blocked.refresh_from_db()
    other.refresh_from_db()
    assert (blocked.visibility, other.visibility) == (REVIEW, REVIEW)


def test_only_an_editor_may_publish_everything(db, client, analyst):
    source = SourceFactory(visibility=REVIEW)
    client.force_login(analyst)
    response = client.post(
        reverse("admin_review_publish_all"), {"records": f"tiers.source:{source.pk}"}
    )
    assert response.status_code == 403
