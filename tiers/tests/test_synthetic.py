import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiers import synthetic
from tiers.models import Actor, Commitment, Figure, Membership, Source, Statement, StatusChange

pytestmark = pytest.mark.django_db


def test_it_generates_what_it_is_asked_for():
    counts = synthetic.generate(commitments=40, statements=120, seed=3)
    assert Commitment.objects.count() == 40 == counts.commitments
    assert Statement.objects.count() == 120
    assert StatusChange.objects.count() == counts.status_changes == 120
    assert Actor.objects.count() == counts.actors
    assert Figure.objects.count() == counts.figures == 14 + 5
    disputed = Figure.objects.filter(rank=Figure.Rank.NORMAL)
    assert disputed.values("commitment").distinct().count() == 5


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


def _queries_to_generate(commitments, statements, **options):
    with CaptureQueriesContext(connection) as ctx:
        synthetic.generate(commitments=commitments, statements=statements, seed=5, **options)
    synthetic.delete_synthetic()
    return [query["sql"] for query in ctx.captured_queries]


def _round_trips(queries):
    """Queries, one bulk insert counting once.

    A database with a limit on query parameters (999 on SQLite) gets each bulk insert in as many
    INSERTs as the limit needs, one after the other; PostgreSQL gets one.
    """
    trips = []
    for sql in queries:
        table = sql.split('"')[1] if sql.startswith("INSERT") else None
        if table is None or not trips or trips[-1] != table:
            trips.append(table or sql)
    return len(trips)


def test_it_runs_the_same_number_of_queries_whatever_the_size():
    # One batch of each kind of record either way (2,000 records a batch).
    small, large = _queries_to_generate(50, 100), _queries_to_generate(500, 1000)
    assert _round_trips(large) == _round_trips(small)
    if connection.features.max_query_params is None:  # PostgreSQL: no insert is split
        assert len(large) == len(small)


def test_queries_grow_with_batches_not_records():
    small = len(_queries_to_generate(50, 50, batch_size=50))
    large = len(_queries_to_generate(500, 500, batch_size=50))
    # 22 more batches (4 of sources, 9 of commitments, 9 of statements), each a few bulk inserts
    # (a batch of commitments: the commitments, their actors, sources and status changes).
    assert large <= small + 22 * 6


def _snapshot():
    return {
        "commitments": list(
            Commitment.objects.order_by("slug").values_list(
                "slug", "title", "tier__number", "lead_actor__slug", "progress", "legal_form"
            )
        ),
        "commitment actors": sorted(
            Commitment.actors.through.objects.values_list("commitment__slug", "actor__slug")
        ),
        "commitment sources": sorted(
            Commitment.sources.through.objects.values_list("commitment__slug", "source__key")
        ),
        "status changes": sorted(
            StatusChange.objects.values_list("commitment__slug", "occurred_on", "summary")
        ),
        "statements": list(
            Statement.objects.order_by("slug").values_list("slug", "quote", "speaker__slug")
        ),
        "statement links": sorted(
            Statement.commitments.through.objects.values_list("statement__slug", "commitment__slug")
        ),
        "memberships": sorted(
            Membership.objects.values_list("member__slug", "organisation__slug", "start_on")
        ),
    }


def test_the_batch_size_does_not_change_the_records():
    synthetic.generate(commitments=30, statements=40, seed=2, batch_size=7)
    in_small_batches = _snapshot()
    synthetic.delete_synthetic()
    synthetic.generate(commitments=30, statements=40, seed=2)
    assert _snapshot() == in_small_batches
    assert in_small_batches["statement links"]  # the comparison covers every kind of link


def test_the_derived_states_follow_the_status_changes():
    synthetic.generate(commitments=25, statements=0, seed=6, batch_size=10)
    for commitment in Commitment.objects.all():
        latest = commitment.status_changes.published().order_by("-occurred_on", "-id").first()
        assert commitment.progress == (latest.progress if latest else "")


def test_generated_statements_can_be_searched():
    # On PostgreSQL this reads the generated search_document column, filled on insert.
    synthetic.generate(commitments=5, statements=60, seed=8)
    found = Statement.objects.search("ceasefire")
    assert 0 < found.count() < Statement.objects.count()
    assert all("ceasefire" in (s.quote + s.translation).lower() for s in found)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_the_planner_knows_the_tables_after_a_bulk_load():
    synthetic.generate(commitments=20, statements=300)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'tiers_statement'")
        (estimated_rows,) = cursor.fetchone()
    # Never analysed, PostgreSQL reports -1 and plans for a near-empty table.
    assert estimated_rows >= 300
