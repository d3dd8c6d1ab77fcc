"""The API's list of 100 commitments against a bare view of the same rows, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_api .venv/bin/python bench/api.py

It works in a throwaway test database (``test_<name>``, created and dropped here) filled with
``--commitments`` synthetic commitments (10,000 by default), all published. Then, for
``--rounds`` rounds, it requests in turn, in-process through the whole middleware stack without
the page cache (the rest of the shared cache as in production: the content version, the
throttle's counts and the list's count, kept per content version):

- baseline: a bare view that reads the same 100 public commitments with ``.values()`` (one
  query) and dumps them with ``JsonResponse``;
- api: ``/api/v1/commitments/?page_size=100``, the first page, as any client gets it (filters,
  pagination, serializers, citations, ETag, throttle).

After the warm-up the process sets what it has loaded aside from the garbage collector, as each
gunicorn worker does (``guarantees_site.startup.settle``), so both views meet the collector as
they do in production.

The order alternates each round so that neither always runs warm; it prints each one's median,
its queries and the ratio of the medians (target: the API within 3× the baseline).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guarantees_site.settings")
os.environ.setdefault("DEBUG", "1")
# The throttle counts but never refuses.
os.environ["API_ANON_RATE"] = "100000000/day"
# One connection for the whole run, as a production server keeps it: measure views, not connects.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

import guarantees_site.urls  # noqa: E402
from guarantees_site.startup import settle  # noqa: E402
from tiers.models import Commitment  # noqa: E402
from tiers.synthetic import generate  # noqa: E402

PAGE_SIZE = 100
TARGET = 3.0
# Measure the API, not the copy of its whole answer that the page cache would serve.
MIDDLEWARE = [
    m for m in settings.MIDDLEWARE if m != "guarantees_site.page_cache.PublicPageCacheMiddleware"
]


def bare_commitments(request):
    """The least a JSON list can do: the same rows as plain dictionaries, in one query."""
    rows = list(Commitment.objects.public().order_by("id").values()[:PAGE_SIZE])
    return JsonResponse({"count": len(rows), "results": rows})


class URLCONF:
    urlpatterns = [
        path("bench/bare-commitments/", bare_commitments),
        *guarantees_site.urls.urlpatterns,
    ]


URLS = {
    "baseline": "/bench/bare-commitments/",
    "api": f"/api/v1/commitments/?page_size={PAGE_SIZE}",
}


def timed(client, url) -> tuple[float, int]:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return elapsed, len(queries)


def run(rounds: int, warmup: int) -> None:
    client = Client()
    times = {name: [] for name in URLS}
    queries = {}
    for url in URLS.values():
        for _ in range(warmup):
            timed(client, url)
    settle()  # as each gunicorn worker does once the site is loaded (deploy/gunicorn.conf.py)
    for number in range(rounds):
        order = list(URLS) if number % 2 == 0 else list(reversed(URLS))
        for name in order:
            elapsed, queries[name] = timed(client, URLS[name])
            times[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'view':<10} {'queries':>7} {'median ms':>10}  url")
    for name, url in URLS.items():
        print(f"{name:<10} {queries[name]:>7} {medians[name] * 1000:>10.2f}  {url}")
    ratio = medians["api"] / medians["baseline"]
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"ratio api / baseline: {ratio:.2f} ({verdict} the target of {TARGET:.0f}×)")


def profile(requests: int, sort: str = "tottime") -> None:
    """Where the API's time goes: cProfile over ``requests`` requests, and their queries."""
    import cProfile
    import pstats

    client = Client()
    timed(client, URLS["api"])
    with CaptureQueriesContext(connection) as queries:
        client.get(URLS["api"])
    for query in queries.captured_queries:
        print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:160]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(URLS["api"])
    profiler.disable()
    pstats.Stats(profiler).sort_stats(sort).print_stats(45)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commitments", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200, help="timed requests of each view")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests of each first")
    parser.add_argument("--profile", type=int, metavar="N", help="profile N API requests instead")
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Generating {args.commitments:,} synthetic commitments…", flush=True)
        generate(commitments=args.commitments, statements=0, seed=5, published_share=1.0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        print(
            f"Database: {connection.vendor}; {Commitment.objects.public().count():,} public "
            f"commitments; median of {args.rounds} interleaved rounds after {args.warmup} "
            "warm-up requests each"
        )
        with override_settings(
            ROOT_URLCONF=URLCONF, ALLOWED_HOSTS=["testserver"], MIDDLEWARE=MIDDLEWARE
        ):
            profile(args.profile) if args.profile else run(args.rounds, args.warmup)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
