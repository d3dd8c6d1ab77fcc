"""Bulk writes' history copied by the database: the same rows as simple-history's own, in a
number of queries that does not grow with the records written."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from tiers import history
from tiers.id_runs import id_conditions, runs, sql_id_conditions
from tiers.importing.files import read_dataset
from tiers.importing.resources import RESOURCES
from tiers.models import Commitment, PublicChange, Source, Visibility
from tiers.roles import EDITOR
from tiers.tests.factories import ActorFactory, SourceFactory, TierFactory
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)

# What differs between two writes of the same records, whoever writes their history.
PER_WRITE = {"history_id", "history_date", "id", "slug", "created_at", "updated_at"}


def test_runs_gather_consecutive_ids():
    assert runs([8, 1, 3, 2, 5, 7, 3]) == [(1, 3), (5, 5), (7, 8)]
    assert runs([]) == []


def test_conditions_hold_at_most_the_values_asked_for():
    # Three lone ids and two ranges: five values and four, at most five a condition.
    ids = [1, 3, 5, 10, 11, 12, 20, 21]
    conditions = list(sql_id_conditions("id", ids, size=5))
    assert [len(params) for _sql, params in conditions] == [5, 2]
    assert conditions[0] == ("id IN (%s, %s, %s) OR id BETWEEN %s AND %s", [1, 3, 5, 10, 12])


@pytest.mark.django_db
def test_conditions_select_exactly_the_ids_given():
    saved = Source.objects.bulk_create(
        Source(key=f"s{n}", title=f"S{n}", kind="news") for n in range(12)
    )
    pks = [s.pk for s in saved]
    wanted = [pks[0], pks[1], pks[2], pks[5], pks[7], pks[8], pks[11]]
    found = []
    for condition in id_conditions("pk", wanted, size=3):
        found += Source.objects.filter(condition).order_by("pk").values_list("pk", flat=True)
    assert found == wanted
    assert list(id_conditions("pk", [])) == []
    assert Source.objects.filter(Q(), *id_conditions("pk", [pks[4]])).count() == 1


def commitments(n, tier, actors, sources, visibility=Visibility.PUBLISHED):
    saved = Commitment.objects.bulk_create(
        Commitment(
            tier=tier,
            title_en=f"Pledge {i}",
            title_uk=f"Зобов'язання {i}" if i % 2 else None,
            slug=f"pledge-{i}",
            category="troops",
            lead_actor=actors[0],
            announced_on="2025-08-01",
            announced_precision="month",
            visibility=visibility,
        )
        for i in range(n)
    )
    # Links written in bulk, as an import writes them: no signal writes history of its own.
    Commitment.actors.through.objects.bulk_create(
        Commitment.actors.through(commitment=c, actor=a)
        for i, c in enumerate(saved)
        for a in actors[: 1 + i % len(actors)]
    )
    Commitment.sources.through.objects.bulk_create(
        Commitment.sources.through(commitment=c, source=s)
        for i, c in enumerate(saved)
        for s in sources[i % 2 :]
    )
    return saved


def written_rows(saved):
    """Each record's historical rows and their links, without what differs between writes."""
    found = {}
    for commitment in saved:
        rows = []
        for row in commitment.history.order_by("history_id"):
            values = {
                f.attname: getattr(row, f.attname)
                for f in row._meta.concrete_fields
                if f.attname not in PER_WRITE
            }
            values["actors"] = sorted(link.actor_id for link in row.actors.all())
            values["sources"] = sorted(link.source_id for link in row.sources.all())
            rows.append(values)
        found[commitment.pk] = rows
    return found


@pytest.fixture
def related(db):
    tier = TierFactory(visibility=Visibility.PUBLISHED)
    actors = [ActorFactory(visibility=Visibility.PUBLISHED) for _ in range(3)]
    sources = [SourceFactory(visibility=Visibility.PUBLISHED) for _ in range(2)]
    return tier, actors, sources


def commitments_file(title):
    return csv_file(
        *[
            {
                "slug": f"pledge-{n}",
                "tier": str(1 + n % 3),
                "title": f"{title} {n}",
                "title_uk": f"Зобов'язання {n}" if n % 2 else "",
                "category": "troops",
                "lead actor": "france",
                "actors": "france|united-kingdom" if n % 2 else "nato",
                "sources": "unn-2026-02-03-rutte-three-levels",
                "announced": "2025-08",
                "visibility": "published",
            }
            for n in range(6)
        ]
    )


def import_twice(user):
    """Create six commitments by import, then change them by import: their history rows."""
    for title in ("A pledge", "A pledge renamed"):
        dataset = read_dataset(commitments_file(title), "commitments.csv")
        result = RESOURCES["commitments"](html_diff=False).import_data(dataset, user=user)
        assert result.messages() == []
    rows = written_rows(Commitment.objects.order_by("slug"))
    Commitment.objects.all().delete()
    return rows


@pytest.mark.usefixtures("references")
def test_copied_rows_are_those_simple_history_would_write(django_user_model, monkeypatch):
    editor = django_user_model.objects.create_user("ed")
    editor.groups.add(Group.objects.get(name=EDITOR))
    by_copy = import_twice(editor)
    monkeypatch.setattr(history, "can_copy", lambda model, historical: False)
    by_instances = import_twice(editor)
    assert list(by_copy.values()) == list(by_instances.values())
    first = next(iter(by_copy.values()))
    assert [row["history_type"] for row in first] == ["+", "~"]
    assert {row["history_user_id"] for row in first} == {editor.pk}
    assert {row["history_change_reason"] for row in first} == {"Import"}
    assert first[1]["title_en"] == first[1]["title"] == "A pledge renamed 0"
    assert first[0]["actors"] and first[0]["sources"]


def test_the_change_log_follows_copied_history(related):
    saved = commitments(4, *related)
    history.record_bulk_history(saved, Commitment, created=True)
    changes = PublicChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Commitment),
        object_id__in=[c.pk for c in saved],
    )
    assert sorted(changes.values_list("kind", flat=True)) == ["published"] * 4
    assert set(changes.values_list("tiers", flat=True)) == {related[0].pk}
    for commitment in saved:
        commitment.title_en = "Renamed"
    Commitment.objects.bulk_update(saved, ["title_en"])
    history.record_bulk_history(saved, Commitment, created=False)
    latest = changes.filter(kind="changed")
    assert latest.count() == 4
    assert {tuple(c.fields) for c in latest} == {("title_en",)}


def test_a_record_with_its_own_history_user_keeps_it(related, django_user_model):
    editor, other = (django_user_model.objects.create_user(name) for name in ("ed", "other"))
    saved = commitments(2, *related)
    saved[0]._history_user = other
    history.record_bulk_history(saved, Commitment, created=True, user=editor)
    assert saved[0].history.get().history_user == other
    assert saved[1].history.get().history_user == editor


def test_history_costs_the_same_queries_for_few_records_or_many(related, django_assert_num_queries):
    history.record_bulk_history(commitments(1, *related), Commitment, created=True)  # caches
    Commitment.objects.all().delete()
    few = commitments(3, *related)
    with django_assert_num_queries(HISTORY_QUERIES):
        history.record_bulk_history(few, Commitment, created=True)
    Commitment.objects.all().delete()
    many = commitments(MANY, *related)
    with django_assert_num_queries(HISTORY_QUERIES):
        history.record_bulk_history(many, Commitment, created=True)
    assert Commitment.history.filter(id__in=[c.pk for c in many]).count() == MANY


# The historical rows (1) and their links (2); for the change log, the published rows, every
# row's visibility, the rows' links (2), which records are public and their tiers (6), then in a
# savepoint (2) the entries to replace, the new entries and their tiers (3), and the records
# shown only with these: status changes, their figures, figures (3).
HISTORY_QUERIES = 17
# Within one INSERT of change-log entries on SQLite, which splits a bulk insert at 999
# parameters (seven an entry); the history itself is one statement for consecutive ids.
MANY = 130
