"""Cutting a release at volume: time and peak memory.

Run it on a PostgreSQL database holding the synthetic data set, for example:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/guarantees_data_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_synthetic --commitments 10000 --statements 50000 --replace
    .venv/bin/python bench/release.py --fresh

It cuts two releases into a scratch folder: the first (every record added), then a second after
1% of the commitments and statements changed (the changelog's diff against the first), whose cut
is traced with tracemalloc for the peak of Python's own allocations (which slows it). For each it
prints the seconds of the download build it needs (the files in every format, the machinery every
build shares) and of the cut itself (snapshot, changelog, release files), the process's peak
resident memory so far (getrusage), the records kept and the changes listed. It writes releases
and titles into the database it is given (``--fresh`` first deletes its releases): use a bench
database only.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Import from the project root, not from bench/ (whose scripts would shadow packages by name).
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guarantees_site.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DOWNLOADS_ROOT", tempfile.mkdtemp(prefix="release-bench-"))

import django  # noqa: E402

django.setup()

from django.db.models import F, Value  # noqa: E402
from django.db.models.functions import Concat  # noqa: E402

from tiers import content_version  # noqa: E402
from tiers.models import Commitment, Release, Statement  # noqa: E402
from tiers.open_data import releases  # noqa: E402


def change_one_percent(round_number: int) -> None:
    """Retitle 1% of the commitments and requote 1% of the statements, then say so."""
    for model, field in ((Commitment, "title"), (Statement, "quote")):
        count = model.objects.count()
        ids = model.objects.order_by("pk").values_list("pk", flat=True)[: max(1, count // 100)]
        model.objects.filter(pk__in=list(ids)).update(
            **{field: Concat(F(field), Value(f" (revised {round_number})"))}
        )
    content_version.content_changed()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def cut(label: str, traced: bool = False) -> None:
    """Build the downloads (the machinery every build shares), then cut the release on them:
    its snapshot, changelog and files, the work a release adds; each timed apart."""
    started = time.perf_counter()
    releases.finished_build()
    built = time.perf_counter() - started
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    release = releases.cut(note=f"bench: {label}")
    elapsed = time.perf_counter() - started
    traced_peak = ""
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        traced_peak = f"{peak / 2**20:.0f} MB"
    changes = sum(
        len(entries) for kinds in release.changelog["types"].values() for entries in kinds.values()
    )
    print(
        f"{label:<22} {release.name:<14} {built:>8.1f} {elapsed:>8.1f} {peak_rss_mb():>9.0f} "
        f"{traced_peak:>11} {sum(release.counts.values()):>8} {changes:>8}",
        flush=True,
    )


def main():
    if "--fresh" in sys.argv:
        # Only in a bench database: releases are otherwise kept for ever.
        Release.objects.all().delete()
    print(
        f"commitments {Commitment.objects.count()}, statements {Statement.objects.count()} "
        f"(published and drafts); files in {os.environ['DOWNLOADS_ROOT']}"
    )
    print(
        f"{'release':<22} {'version':<14} {'build s':>8} {'cut s':>8} {'peak RSS':>9} "
        f"{'tracemalloc':>11} {'records':>8} {'changes':>8}",
        flush=True,
    )
    cut("first (all added)")
    change_one_percent(1)
    cut("second (1% changed)", traced=True)


if __name__ == "__main__":
    main()
