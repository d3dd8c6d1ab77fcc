"""A value kept in the shared cache is worked out once while it is kept, and every time, without
an error, while the cache cannot be reached (tiers/kept.py)."""

import logging
import uuid

from tiers import kept


class Broken:
    def get(self, *args, **kwargs):
        raise ConnectionError("the cache is down")

    set = get


def counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute, calls


def test_a_value_is_worked_out_once_while_it_is_kept():
    compute, calls = counting()
    key = f"kept-test:{uuid.uuid4()}"  # a cache shared with other runs holds no value for it
    assert kept.kept_or_computed(key, compute, timeout=60) == 1
    assert kept.kept_or_computed(key, compute, timeout=60) == 1
    assert len(calls) == 1


def test_an_unreachable_cache_works_it_out_each_time_and_says_so(monkeypatch, caplog):
    monkeypatch.setattr(kept, "cache", Broken())
    compute, calls = counting()
    with caplog.at_level(logging.WARNING, logger="tiers.kept"):
        assert kept.kept_or_computed("kept-test:two", compute, timeout=60) == 1
        assert kept.kept_or_computed("kept-test:two", compute, timeout=60) == 2
    messages = [r.getMessage() for r in caplog.records]
    assert messages.count("The cache cannot be read") == 2
    assert messages.count("The cache cannot be written") == 2
