"""Each gunicorn worker, once the site is loaded, sets what it loaded aside from the garbage
collector (guarantees_site/startup.py), so that a large answer's full collection walks only what
requests made."""

import gc
import runpy
import weakref
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


class Cycle:
    """An object that refers to itself: only the collector frees it."""


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_worker_sets_the_loaded_site_aside_from_the_collector(unfrozen):
    assert gc.get_freeze_count() == 0
    runpy.run_path(str(CONFIG))["post_worker_init"](worker=None)
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Django and the site's modules, classes and URL patterns
    # What requests make afterwards is collected as ever (checked through a weak reference:
    # another thread's automatic collection may get to the cycle first).
    garbage = Cycle()
    garbage.itself = garbage
    collected = weakref.ref(garbage)
    del garbage
    gc.collect()
    assert collected() is None
    # A collection leaves the loaded site set aside; only reference counting may still free a
    # few of those objects (another thread dropping its last reference), never most of them.
    assert frozen - 1_000 < gc.get_freeze_count() <= frozen
