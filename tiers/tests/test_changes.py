"""The public change log: published history only, no names, on record pages, /changes/ and Atom."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from tiers import workflow
from tiers.models import PublicChange, Visibility
from tiers.roles import EDITOR
from tiers.tests.factories import CommitmentFactory, SourceFactory, TierFactory
from tiers.views.changes import TYPES


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "secret-editor", email="secret@example.org", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def test_a_records_page_shows_its_published_history_only(client, editor):
    commitment = CommitmentFactory(visibility=Visibility.DRAFT, title="Draft title")
    commitment.title = "Draft title two"
    commitment.save()
    workflow.apply(workflow.SUBMIT, [commitment], editor)
    workflow.apply(workflow.PUBLISH, [commitment], editor)
    commitment.title = "Air policing"
    commitment._history_user = editor
    commitment.save()
    changes = PublicChange.objects.public().filter(object_id=commitment.pk).order_by("changed_at")
    changes = changes.filter(content_type__model="commitment")
    assert [(c.kind, c.fields) for c in changes] == [("published", []), ("changed", ["title_en"])]
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Change log" in html and "changed title" in html
    for hidden in ["Draft title two", "secret-editor", "secret@example.org"]:
        assert hidden not in html


def test_unpublished_records_leave_the_log_and_return_as_published_again(client, editor):
    source = SourceFactory(title="Report")
    assert PublicChange.objects.public().count() == 1
    workflow.apply(workflow.RETURN_TO_DRAFT, [source], editor, "Check the date")
    assert not PublicChange.objects.public().exists()
    source.title = "Report, corrected"
    source.save()
    workflow.apply(workflow.SUBMIT, [source], editor)
    workflow.apply(workflow.PUBLISH, [source], editor)
    latest = PublicChange.objects.public().first()
    assert (latest.kind, latest.fields) == ("published", ["title"])
    assert "Check the date" not in client.get("/en/changes/").content.decode()


def test_changes_can_be_filtered_by_type_and_tier(client, db):
    one, two = TierFactory(slug="one"), TierFactory(slug="two")
    in_one = CommitmentFactory(tier=one, title="In tier one")
    CommitmentFactory(tier=two, title="In tier two")
    html = client.get("/en/changes/", {"tier": "one", "type": "commitment"}).content.decode()
    assert "In tier one" in html and "In tier two" not in html
    html = client.get("/en/changes/", {"type": "source"}).content.decode()
    assert "In tier one" not in html and "Source" in html
    assert in_one.get_absolute_url() in client.get("/en/changes/").content.decode()


def test_the_feed_is_atom_with_the_same_filters(client, db):
    CommitmentFactory(tier=TierFactory(slug="one"), title="In tier one")
    CommitmentFactory(tier=TierFactory(slug="two"), title="In tier two")
    response = client.get("/en/changes/feed/", {"tier": "one"})
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "Published: In tier one" in xml and "In tier two" not in xml


@pytest.mark.parametrize("n", [1, 8])
def test_the_page_takes_a_fixed_number_of_queries(client, db, django_assert_num_queries, n):
    for _ in range(n):
        CommitmentFactory()  # with a tier, an actor and a source: four record types
    # content types are cached per process once looked up: look them up before counting
    ContentType.objects.get_for_models(*TYPES.values())
    # count, page, one query per record type on the page (4), the tiers for the filter
    with django_assert_num_queries(7):
        response = client.get("/en/changes/")
    assert response.status_code == 200
    # each: four records published, then the commitment's actors and sources set (two changes)
    assert len(response.context["changes"]) == 6 * n


def test_the_page_groups_changes_by_record_and_is_linked_from_every_page(client, editor):
    commitment = CommitmentFactory(title="Air policing")
    commitment.description = "Patrols over the Black Sea."
    commitment._history_user = editor
    commitment.save()
    SourceFactory(title="Lone report")
    html = client.get("/en/changes/").content.decode()
    groups = html.split('class="item change-group"')[1:]
    (air,) = [group for group in groups if "Air policing" in group]
    kept = PublicChange.objects.public().filter(object_id=commitment.pk)
    kept = kept.filter(content_type__model="commitment").count()
    assert air.count('class="event"') == kept == 4 and "changed description" in air
    assert 'href="/en/changes/" aria-current="page"' in html
    home = client.get("/en/").content.decode()
    assert 'href="/en/changes/">Changes</a>' in home and "Last updated" in home
    latest = PublicChange.objects.public().first().changed_at
    assert f'datetime="{latest:%Y-%m-%dT%H:%M:%S%z}"' in home
