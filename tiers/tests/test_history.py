"""Every curated record's history: who, when, what — by form, action, import and bulk paths."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tiers import history, workflow
from tiers.importing.files import read_dataset
from tiers.importing.resources import RESOURCES
from tiers.models import Commitment, Source, Visibility
from tiers.roles import ANALYST, EDITOR
from tiers.tests.factories import CommitmentFactory, SourceFactory, TierFactory


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def sources_csv(n, title="Report"):
    lines = ["key,title,kind,url"]
    lines += [f"report-{i},{title} {i},news,https://example.org/r/{i}" for i in range(n)]
    return "\n".join(lines).encode()


def import_sources(data, user=None):
    dataset = read_dataset(data, "sources.csv")
    result = RESOURCES["sources"]().import_data(dataset, user=user)
    assert not result.has_errors() and not result.has_validation_errors(), result.base_errors
    return result


@pytest.mark.parametrize("n", [3, 40])
def test_importing_n_rows_creates_n_history_records(db, editor, n):
    import_sources(sources_csv(n), user=editor)
    rows = Source.history.filter(history_change_reason="Import")
    assert rows.filter(history_type="+").count() == n
    assert set(rows.values_list("history_user", flat=True)) == {editor.pk}
    import_sources(sources_csv(n, title="Renamed"), user=editor)
    assert rows.filter(history_type="~").count() == n
    assert Source.history.count() == 2 * n


def test_an_import_records_the_relations_of_each_record(db):
    tier = TierFactory(slug="tier-1")
    source = SourceFactory(key="a-source")
    data = (
        "tier,title,slug,category,sources\n"
        f"{tier.number},Air policing,air-policing,air_sea,{source.key}\n"
    ).encode()
    result = RESOURCES["commitments"]().import_data(read_dataset(data, "commitments.csv"))
    assert not result.has_errors() and not result.has_validation_errors(), [
        (r.number, r.error_dict) for r in result.invalid_rows
    ]
    row = Commitment.objects.get(slug="air-policing").history.get()
    assert [link.source_id for link in row.sources.all()] == [source.pk]


def test_an_analyst_cannot_publish_by_import(db, django_user_model):
    analyst = django_user_model.objects.create_user("an", is_staff=True)
    analyst.groups.add(Group.objects.get(name=ANALYST))
    data = b"key,title,kind,visibility\nr,Report,news,published\n"
    result = RESOURCES["sources"]().import_data(read_dataset(data, "s.csv"), user=analyst)
    assert result.has_validation_errors()
    assert "Only an editor" in str(result.invalid_rows[0].error_dict["visibility"])
    assert not Source.objects.exists() and not Source.history.exists()


def test_bulk_helpers_write_one_row_per_record(db, editor, django_assert_max_num_queries):
    objs = [Source(key=f"s{i}", title=f"S{i}", kind="news") for i in range(50)]
    with django_assert_max_num_queries(12):
        saved = history.bulk_create_with_history(objs, Source, user=editor, reason="Batch")
    for source in saved:
        source.title += " (corrected)"
    history.bulk_update_with_history(saved, Source, ["title"], user=editor, reason="Batch")
    assert Source.history.filter(history_type="+").count() == 50
    assert Source.history.filter(history_type="~", title__endswith="(corrected)").count() == 50


def test_an_admin_save_writes_one_row_with_its_relations(client, editor):
    commitment = CommitmentFactory(visibility=Visibility.DRAFT)
    first, second = SourceFactory(), SourceFactory()
    before = commitment.history.count()
    client.force_login(editor)
    response = client.post(
        reverse("admin:tiers_commitment_change", args=[commitment.pk]),
        {
            "tier": commitment.tier_id,
            "title": "Renamed",
            "slug": commitment.slug,
            "category": commitment.category,
            "condition": "unconditional",
            "announced_on": "2025-09-04",
            "announced_precision": "day",
            "visibility": "draft",
            "sources": [first.pk, second.pk],
            "actors": [commitment.lead_actor_id],
            "lead_actor": commitment.lead_actor_id,
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            "figures-TOTAL_FORMS": "0",
            "figures-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert commitment.history.count() == before + 1
    latest = commitment.history.latest("history_id")
    assert latest.title == "Renamed" and latest.history_user == editor
    assert {link.source_id for link in latest.sources.all()} == {first.pk, second.pk}


def test_the_admin_shows_the_whole_history_field_by_field(client, editor):
    source = SourceFactory(visibility=Visibility.DRAFT, title="Old title")
    import_sources(b"key,title,kind\n" + source.key.encode() + b",Imported title,news\n", editor)
    source.refresh_from_db()
    workflow.apply(workflow.SUBMIT, [source], editor)
    workflow.apply(workflow.PUBLISH, [source], editor)
    workflow.apply(workflow.RETURN_TO_DRAFT, [source], editor, "Wrong publisher")
    client.force_login(editor)
    response = client.get(reverse("admin:tiers_source_history", args=[source.pk]))
    html = response.content.decode()
    for text in [
        "Old title",
        "Imported title",
        "Import",
        "Submit for review",
        "Publish",
        "Return to draft: Wrong publisher",
        "ed",
    ]:
        assert text in html, text
    changes = [
        (str(change["field"]), str(change["old"]), str(change["new"]))
        for record in response.context["page_obj"]
        for change in getattr(record, "history_delta_changes", [])
    ]
    assert any("Old title" in old and "Imported title" in new for _f, old, new in changes)
    assert ("Visibility", "draft", "review") in changes
    assert ("Visibility", "published", "draft") in changes


def test_reverting_restores_fields_and_relations(client, editor):
    first, second = SourceFactory(), SourceFactory()
    commitment = CommitmentFactory(title="Original", sources=[first])
    old = commitment.history.latest("history_id")
    commitment.title = "Edited"
    commitment.save()
    commitment.sources.set([second])
    client.force_login(editor)
    url = reverse("admin:tiers_commitment_simple_history", args=[commitment.pk, old.history_id])
    form = client.get(url).context["adminform"].form
    assert form.initial["title"] == "Original"
    assert form.initial["sources"] == [first.pk]
    data = {
        "tier": commitment.tier_id,
        "title": form.initial["title"],
        "slug": commitment.slug,
        "category": commitment.category,
        "condition": "unconditional",
        "announced_on": "2025-09-04",
        "announced_precision": "day",
        "visibility": "published",
        "sources": form.initial["sources"],
        "actors": [commitment.lead_actor_id],
        "lead_actor": commitment.lead_actor_id,
    }
    assert client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "Original"
    assert list(commitment.sources.all()) == [first]
    latest = commitment.history.latest("history_id")
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert [link.source_id for link in latest.sources.all()] == [first.pk]
