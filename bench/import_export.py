"""Import and export speed against a hand-written baseline measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guarantees DEBUG=1 \
        .venv/bin/python bench/import_export.py [--rows 10000] [--export-rows 100000] [--runs 3]

It works in a throwaway test database (``test_<name>``, created and dropped here), fills it with
the synthetic generator, exports the synthetic commitments to CSV (tier, lead actor, actors and
sources by key), deletes them, and imports the file from scratch in three ways:

- baseline: parse the CSV, resolve keys from dictionaries, validate the fields
  (``full_clean`` without per-row queries), ``bulk_create`` the records and their links;
- baseline+h: the same, plus the history rows and public change log that every write path of
  the project records (``tiers.history.record_bulk_history``), as the import does too;
- resource: ``CommitmentResource`` as the command line runs it (validation, unique checks,
  editorial rules, history, all-or-nothing transaction).

Each is run ``--runs`` times (three), in turn; the best time counts. It prints rows per second,
queries per row and the ratios (target: at most 2 on PostgreSQL, at 10,000 rows and at 100,000).
Before that it exports about ``--export-rows`` status changes as CSV, XLSX and JSON and prints the
peak Python memory next to an export of a tenth as many rows: bounded memory means the two stay
close (``--export-rows 0`` leaves the exports out).
"""

import argparse
import csv
import datetime
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

# This file's name would shadow the django-import-export package: look from the project root.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guarantees_site.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tiers import history  # noqa: E402
from tiers.importing.files import export_chunks  # noqa: E402
from tiers.importing.formats import CSVFormat, JSONFormat, XLSXFormat, read_csv  # noqa: E402
from tiers.importing.resources import CommitmentResource, StatusChangeResource  # noqa: E402
from tiers.models import (  # noqa: E402
    Actor,
    Commitment,
    Figure,
    Source,
    Statement,
    StatusChange,
    Tier,
)
from tiers.partial_dates import PartialDate  # noqa: E402
from tiers.synthetic import PREFIX, generate  # noqa: E402

RUNS = 3  # each way of importing, in turn; the best counts
TARGET = 2.0  # the import against the bare baseline


def baseline_import(data: bytes, with_history=False) -> int:
    """The least a correct import must do, written by hand for this one file layout."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    tiers = {str(number): pk for number, pk in Tier.objects.values_list("number", "pk")}
    actors = dict(Actor.objects.values_list("slug", "pk"))
    sources = {}
    for key, url, pk in Source.objects.values_list("key", "url", "pk"):
        sources[key] = pk
        if url:
            sources[url] = pk
    commitments, actor_links, source_links = [], [], []
    for row in rows:
        announced = PartialDate.parse(row["announced"])
        commitment = Commitment(
            slug=row["slug"],
            tier_id=tiers[row["tier"]],
            title_en=row["title"],
            title_uk=row["title_uk"],
            description_en=row["description"],
            description_uk=row["description_uk"],
            category=row["category"],
            announced_on=announced.date if announced else None,
            announced_precision=announced.precision if announced else "",
            lead_actor_id=actors[row["lead actor"]] if row["lead actor"] else None,
            condition=row["condition"],
            condition_description_en=row["condition in words"],
            condition_description_uk=row["condition in words_uk"],
            condition_triggered=row["condition triggered"] == "yes",
            troop_position=row["troop position"],
            term_years=int(row["term in years"]) if row["term in years"] else None,
            visibility=row["visibility"],
        )
        commitment.full_clean(
            exclude=["tier", "lead_actor"], validate_unique=False, validate_constraints=False
        )
        commitments.append(commitment)
        actor_links.append([actors[s] for s in row["actors"].split("|") if s])
        source_links.append([sources[s] for s in row["sources"].split("|") if s])
    with transaction.atomic():
        Commitment.objects.bulk_create(commitments, batch_size=1000)
        through = Commitment.actors.through
        through.objects.bulk_create(
            [
                through(commitment_id=c.pk, actor_id=a)
                for c, links in zip(commitments, actor_links, strict=True)
                for a in links
            ],
            batch_size=1000,
        )
        through = Commitment.sources.through
        through.objects.bulk_create(
            [
                through(commitment_id=c.pk, source_id=s)
                for c, links in zip(commitments, source_links, strict=True)
                for s in links
            ],
            batch_size=1000,
        )
        if with_history:
            history.record_bulk_history(commitments, Commitment, created=True)
    return len(commitments)


def baseline_with_history(data: bytes) -> int:
    """The same, plus the history and public change log every write path of the project keeps."""
    return baseline_import(data, with_history=True)


HISTORY_SECONDS = []


def timing_history(record_bulk_history):
    """Measure, without changing, the history and change log that an import also writes."""

    def timed_record(*args, **kwargs):
        start = time.perf_counter()
        try:
            return record_bulk_history(*args, **kwargs)
        finally:
            HISTORY_SECONDS.append(time.perf_counter() - start)

    return timed_record


def resource_import(data: bytes) -> int:
    HISTORY_SECONDS.clear()
    result = CommitmentResource(html_diff=False).import_data(read_csv(data))
    if result.has_errors() or result.has_validation_errors():
        problems = result.messages()
        raise SystemExit("the file did not import:\n" + "\n".join(problems[:20]))
    return result.totals["new"]


def wipe(slugs):
    """Delete these commitments without signals: a model delete writes history row by row."""
    for model in (
        Figure,
        StatusChange,
        Commitment.actors.through,
        Commitment.sources.through,
        Statement.commitments.through,
    ):
        model.objects.filter(commitment__slug__in=slugs)._raw_delete(connection.alias)
    Commitment.objects.filter(slug__in=slugs)._raw_delete(connection.alias)


def run(function, data, slugs):
    """One import from scratch: (seconds, queries, seconds of it writing history)."""
    wipe(slugs)
    HISTORY_SECONDS.clear()
    connection.queries_log.clear()  # the log keeps 9,000 queries; count from empty
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        imported = function(data)
        elapsed = time.perf_counter() - start
    assert imported == len(slugs)
    assert Commitment.objects.filter(slug__in=slugs).count() == len(slugs)
    return elapsed, len(queries), sum(HISTORY_SECONDS)


def report(label, best, rows):
    elapsed, query_count, history_seconds = best
    print(
        f"{label:<10} {rows / elapsed:>9,.0f} rows/s  {elapsed:6.2f} s  "
        f"{query_count:>4} queries  {query_count / rows:.4f} queries/row"
        + (
            f"  (writing history and change log: {history_seconds:.2f} s)"
            if history_seconds
            else ""
        )
    )


def peak_export_memory(resource, queryset, file_format) -> tuple[int, int]:
    tracemalloc.start()
    size = sum(len(chunk) for chunk in export_chunks(resource, queryset, file_format))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, peak


def bench_export(export_rows: int) -> None:
    everything = StatusChange.objects.filter(commitment__slug__startswith=PREFIX)
    total = everything.count()
    tenth = everything.filter(pk__in=everything.order_by("pk").values("pk")[: total // 10])
    print(f"Peak Python memory exporting status changes ({total // 10:,} rows vs {total:,} rows):")
    resource = StatusChangeResource()
    for file_format in (CSVFormat(), XLSXFormat(), JSONFormat()):
        name = file_format.get_title().upper()
        start = time.perf_counter()
        _small_size, small = peak_export_memory(resource, tenth, file_format)
        size, large = peak_export_memory(resource, everything, file_format)
        elapsed = time.perf_counter() - start
        print(
            f"{name:<5} {small / 1e6:6.1f} MB vs {large / 1e6:6.1f} MB  "
            f"(file {size / 1e6:.1f} MB, ×{large / small:.2f} memory for ×10 rows, "
            f"{elapsed:.1f} s)"
        )


def bench_import(rows: int, repeats: int = RUNS) -> None:
    queryset = Commitment.objects.filter(slug__startswith=PREFIX).order_by("pk")
    slugs = list(queryset.values_list("slug", flat=True)[:rows])
    chosen = Commitment.objects.filter(slug__in=slugs)
    data = b"".join(export_chunks(CommitmentResource(), chosen, CSVFormat()))
    size = f"{len(data) / 1e6:.1f} MB"
    print(f"\nImporting a {rows:,}-row commitments CSV ({size}), best of {repeats}:")
    # Alternate the three, so that a busy moment of the machine does not favour either.
    functions = {
        "baseline": baseline_import,
        "baseline+h": baseline_with_history,
        "resource": resource_import,
    }
    runs = {label: [] for label in functions}
    for _ in range(repeats):
        for label, function in functions.items():
            runs[label].append(run(function, data, slugs))
    best = {label: min(times) for label, times in runs.items()}
    for label, figures in best.items():
        report(label, figures, rows)
    baseline, with_history, resource = (best[label][0] for label in functions)
    print(f"ratio      {resource / with_history:.2f} against the baseline writing the same history")
    print(f"ratio      {resource / baseline:.2f} against the bare baseline (target ≤ {TARGET:g})")
    own = resource - best["resource"][2]
    print(f"ratio      {own / baseline:.2f} against the bare baseline, history writing left out")


def main():
    history.record_bulk_history = timing_history(history.record_bulk_history)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=RUNS, help="imports each way; the best counts")
    args = parser.parse_args()
    print(f"Database: {connection.vendor}; {datetime.datetime.now():%Y-%m-%d %H:%M}")
    if args.rows > settings.IMPORT_MAX_ROWS:  # the speed of the engine, not the upload limit
        print(f"IMPORT_MAX_ROWS raised from {settings.IMPORT_MAX_ROWS:,} to {args.rows:,}")
        settings.IMPORT_MAX_ROWS = args.rows
    if connection.vendor == "postgresql":  # its own database, apart from the tests'
        connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        commitments = max(args.rows, -(-args.export_rows // 3))  # three status changes each
        print(f"Generating {commitments:,} synthetic commitments…", flush=True)
        # All published, so that every row also passes the editorial rules for publishing.
        generate(commitments=commitments, statements=0, seed=3, published_share=1.0)
        if args.export_rows:
            bench_export(args.export_rows)
        bench_import(args.rows, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
