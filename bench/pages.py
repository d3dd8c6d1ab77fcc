"""Server time and SQL queries of each public page, against a trivial one-query view.

Run it on a database holding the synthetic data set, for example on PostgreSQL:

    createdb -h 127.0.0.1 -U postgres guarantees_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/guarantees_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_synthetic --commitments 10000 --statements 50000 --replace
    .venv/bin/python bench/pages.py

Each page is requested in-process through the whole middleware stack (the page cache turned off,
so every request renders), a few times to warm up and then ``--runs`` times; the script prints
the median, the query count, and the ratio of the median to the baseline view's median measured
in the same run. It reads only; it never writes to the database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Import from the project root, not from bench/ (whose scripts would shadow packages by name).
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guarantees_site.settings")
os.environ.setdefault("DEBUG", "1")
# Measure rendering, not the cache in front of it.
os.environ["PUBLIC_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

import guarantees_site.urls  # noqa: E402
from tiers.models import Actor, Commitment, Source, Statement, Tier  # noqa: E402
from tiers.synthetic import MARKER_KEY  # noqa: E402

MIN_COMMITMENTS, MIN_STATEMENTS = 10_000, 50_000


def baseline(request):
    """The trivial view: one query, a tiny response."""
    return HttpResponse(str(Tier.objects.count()))


class URLCONF:
    """The site's URLs and the baseline view's."""

    urlpatterns = [path("bench/baseline/", baseline), *guarantees_site.urls.urlpatterns]


def busiest(queryset, relation):
    """The public record with the most rows in ``relation``: the heaviest page of its kind."""
    from django.db.models import Count

    return queryset.annotate(n=Count(relation)).order_by("-n").first()


def pages():
    tier = Tier.objects.published().order_by("number").first()
    actor = busiest(Actor.objects.published(), "led_commitments")
    second = Actor.objects.published().exclude(pk=actor.pk).order_by("slug").first()
    commitment = busiest(Commitment.objects.public(), "statements")
    statement = Statement.objects.public().newest_first().first()
    source = Source.objects.published().get(key=MARKER_KEY)
    return [
        ("baseline (one query)", "/bench/baseline/"),
        ("home", "/en/"),
        ("tier", tier.get_absolute_url()),
        ("actors", "/en/actors/"),
        ("actors, filtered", "/en/actors/?kind=person&q=actor+1"),
        ("actor", actor.get_absolute_url()),
        ("commitments", "/en/commitments/"),
        ("commitments, page 100", "/en/commitments/?page=100"),
        (
            "commitments, filtered",
            f"/en/commitments/?tier={tier.slug}&progress=fulfilled&condition=ceasefire&sort=title",
        ),
        ("commitment", commitment.get_absolute_url()),
        ("statements", "/en/statements/"),
        ("statements, search", "/en/statements/?q=ceasefire+monitoring"),
        ("statements, phrase search", '/en/statements/?q="peace+deal"+-drones'),
        ("statement", statement.get_absolute_url()),
        ("timeline", "/en/timeline/"),
        ("timeline, by tier", f"/en/timeline/?tier={tier.slug}"),
        ("source cited by everything", source.get_absolute_url()),
        ("changes", "/en/changes/"),
        ("who is in what", "/en/who-is-in-what/"),
        ("who is in what, states by troops", "/en/who-is-in-what/?kind=state&sort=troops"),
        ("who is in what, CSV", "/en/who-is-in-what.csv"),
        ("map", "/en/who-is-in-what/map/?show=troops"),
        ("compare", f"/en/compare/?actor={actor.slug}&actor={second.slug}"),
        ("about", "/en/about/"),
    ]


def measure(client, url, runs, warmup):
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first")
    args = parser.parse_args()

    commitments, statements = Commitment.objects.count(), Statement.objects.count()
    if commitments < MIN_COMMITMENTS or statements < MIN_STATEMENTS:
        raise SystemExit(
            f"Found {commitments} commitments and {statements} statements; generate the data set "
            "first: manage.py generate_synthetic --commitments 10000 --statements 50000 --replace"
        )
    print(
        f"Database: {connection.vendor}; {commitments} commitments, {statements} statements, "
        f"{Actor.objects.count()} actors, {Source.objects.count()} sources; "
        f"median of {args.runs} requests after {args.warmup} warm-up"
    )
    with override_settings(ROOT_URLCONF=URLCONF, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        rows = []
        for name, url in pages():
            median, queries = measure(client, url, args.runs, args.warmup)
            rows.append((name, url, queries, median))
    base = rows[0][3]
    print(f"{'page':<28} {'queries':>7} {'median ms':>10} {'× baseline':>11}  url")
    for name, url, queries, median in rows:
        print(f"{name:<28} {queries:>7} {median * 1000:>10.1f} {median / base:>11.1f}  {url}")


if __name__ == "__main__":
    main()
