"""Downloads and API lists at volume, against baselines measured in the same run.

Run it on a database holding the synthetic data set, for example:

    export DATABASE_URL=sqlite:////tmp/bench.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_synthetic --commitments 5000 --statements 20000 --replace
    .venv/bin/python bench/open_data.py

For each record type it times writing the public CSV download (as a download build writes it,
drafts narrowed out) against the admin's own export of the same type (every record, no
narrowing), and prints the ratio and the queries. For the API it times a list page of 100 records
against a page of 10, to show that the cost grows with the page and the queries do not. It reads
only; it never writes to the database.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Import from the project root, not from bench/ (whose scripts would shadow packages by name).
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guarantees_site.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["PUBLIC_CACHE_SECONDS"] = "0"  # measure the work, not the cache

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tiers import downloads  # noqa: E402
from tiers.importing.files import export_chunks  # noqa: E402
from tiers.importing.formats import CSVFormat  # noqa: E402
from tiers.importing.resources import RESOURCES  # noqa: E402


def timed(run):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        size = run()
        elapsed = time.perf_counter() - start
    return elapsed, len(queries), size


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/api/v1/tiers/")  # warm up: URL resolver, middleware, templates
    print(f"{'download (csv)':<16} {'rows':>7} {'s':>7} {'queries':>7} {'× admin export':>15}")
    for type_name in downloads.TYPE_NAMES:
        resource = RESOURCES[type_name]()

        def admin_export(resource=resource):
            return sum(len(c) for c in export_chunks(resource, None, CSVFormat()))

        def public_download(type_name=type_name):
            # What a download build writes for the file (readers are then served it whole).
            data = b"".join(downloads.stream(type_name, "csv", downloads.now()))
            return data.count(b"\n") - 1

        base, _, _ = timed(admin_export)
        elapsed, queries, rows = timed(public_download)
        ratio = elapsed / base if base else float("nan")
        print(f"{type_name:<16} {rows:>7} {elapsed:>7.2f} {queries:>7} {ratio:>15.2f}")

    print()
    print(f"{'API list':<26} {'s':>7} {'queries':>7} {'× page of 10':>13}")
    for name in ["commitments", "statements", "actors"]:
        small, _, _ = timed(lambda name=name: client.get(f"/api/v1/{name}/?page_size=10"))
        large, queries, _ = timed(lambda name=name: client.get(f"/api/v1/{name}/?page_size=100"))
        print(f"{name + ' (100 a page)':<26} {large:>7.3f} {queries:>7} {large / small:>13.1f}")


if __name__ == "__main__":
    main()
