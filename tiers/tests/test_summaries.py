"""Counts over whole tables are kept between writes, and never outlive the lists they count."""

import pytest
from django.core.cache import cache
from django.db import transaction

from tiers import summaries
from tiers.models import Progress, Visibility

from .factories import CommitmentFactory, StatementFactory, TierFactory

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
