"""Counts over whole tables are kept between writes, and never outlive the lists they count."""

import pytest
from django.core.cache import cache
from django.db import transaction

from tiers import summaries
from tiers.figures import public_figures, totals
from tiers.models import Progress, Visibility

from .factories import CommitmentFactory, FigureFactory, StatementFactory, TierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tier(db):
    tier = TierFactory()
    CommitmentFactory(tier=tier, progress=Progress.ANNOUNCED)
    return tier


def announced(tier) -> int:
    return summaries.progress_counts().get(tier.pk, {}).get(Progress.ANNOUNCED, 0)


def test_a_summary_read_again_costs_no_query(tier, django_assert_num_queries):
    assert announced(tier) == 1
    with django_assert_num_queries(0):
        assert announced(tier) == 1


def test_a_write_to_what_it_counts_makes_it_count_again(tier, django_assert_num_queries):
    assert announced(tier) == 1
    CommitmentFactory(tier=tier, progress=Progress.ANNOUNCED)
    with django_assert_num_queries(1):
        assert announced(tier) == 2


def test_a_write_to_drafts_or_to_other_lists_keeps_it(tier, django_assert_num_queries):
    assert announced(tier) == 1
    CommitmentFactory(tier=tier, progress=Progress.ANNOUNCED, visibility=Visibility.DRAFT)
    with django_assert_num_queries(0):
        assert announced(tier) == 1


def test_the_write_counts_again_when_it_commits(django_capture_on_commit_callbacks):
    # No fixture: a write before the captured block would carry this one's tags to its own
    # commit, which never comes in a test.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        tier = TierFactory()
        CommitmentFactory(tier=tier, progress=Progress.ANNOUNCED)
    versions, counts = cache.get(summaries.PREFIX + summaries.PROGRESS)
    assert counts[tier.pk][Progress.ANNOUNCED] == 1
    assert versions == summaries.cache_tags.versions(versions)


def test_the_timeline_counts_per_year_follow_the_statements(tier):
    StatementFactory(tiers=[tier])
    before = summaries.events_per_year(summaries.dated_events())
    StatementFactory(tiers=[tier])
    after = summaries.events_per_year(summaries.dated_events())
    total = sum(kinds.get("statement", 0) for kinds in after.values())
    assert total == sum(kinds.get("statement", 0) for kinds in before.values()) + 1
    by_tier = summaries.events_per_year(summaries.dated_events(tier=tier), tier=tier)
    assert sum(kinds.get("statement", 0) for kinds in by_tier.values()) == 2


def test_without_the_cache_every_read_counts(tier, monkeypatch, django_assert_num_queries):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", unreachable)
    with django_assert_num_queries(1):
        assert announced(tier) == 1


def test_a_tiers_totals_are_kept_and_follow_its_figures(tier, client, django_assert_num_queries):
    figure = FigureFactory(commitment=tier.commitments.get(), value=2_000_000, currency="EUR")
    (total,) = summaries.tier_totals(tier).totals
    assert (total.value, total.figure_count, total.commitment_count) == (2_000_000, 1, 1)
    with django_assert_num_queries(0):
        summaries.tier_totals(tier)
    figure.value = 3_000_000
    figure.save()
    (total,) = summaries.tier_totals(tier).totals
    assert total.value == 3_000_000
    page = client.get(tier.get_absolute_url()).content.decode()
    assert total.value_display in page


def test_a_tiers_kept_totals_name_what_they_leave_out(tier):
    commitment = tier.commitments.get()
    FigureFactory(commitment=commitment, currency="EUR", value=1)
    FigureFactory(commitment=commitment, currency="EUR", value=2)  # two preferred: left out
    shown = summaries.tier_totals(tier)
    assert shown.left_out
    computed = totals(public_figures(commitment__tier=tier))
    assert [r["count"] for r in shown.left_out_reasons] == [
        r["count"] for r in computed.left_out_reasons
    ]
    named = [c.get_absolute_url() for r in shown.left_out_reasons for c in r["commitments"]]
    assert named == [commitment.get_absolute_url()] * len(shown.left_out_reasons)


def test_a_process_reuses_what_it_read_while_the_versions_stand(tier, monkeypatch):
    memo = summaries.InProcess(size=1)
    computed = []

    def compute():
        computed.append(1)
        return {"rows": len(computed)}

    first = summaries.kept(summaries.PROGRESS, compute, memo)
    # Not even read from the shared cache again: the value this process read is used.
    read = cache.get

    def get(key, *args, **kwargs):
        assert not key.startswith(summaries.PREFIX), "read from the shared cache"
        return read(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    assert summaries.kept(summaries.PROGRESS, compute, memo) is first
    monkeypatch.undo()
    CommitmentFactory(tier=tier, progress=Progress.ANNOUNCED)  # the versions move
    assert summaries.kept(summaries.PROGRESS, compute, memo) == {"rows": 2}
    summaries.kept(summaries.EVENTS, compute, memo)  # holds one: the other is let go
    assert list(memo.values) == [summaries.EVENTS]
