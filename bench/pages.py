"""Server time and SQL queries of each public page, against a trivial one-query view, at two sizes.

Run it on two databases holding the synthetic data set at two sizes, for example on PostgreSQL:

    for size in "10k 10000 50000" "100k 100000 500000"; do set -- $size
      createdb -h 127.0.0.1 -U postgres bench_$1
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_$1 .venv/bin/python manage.py migrate
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_$1 \
        .venv/bin/python manage.py generate_synthetic --commitments $2 --statements $3 --replace
    done
    .venv/bin/python bench/pages.py postgres://postgres@127.0.0.1:5432/bench_10k \
        postgres://postgres@127.0.0.1:5432/bench_100k

Each database is measured by a process of its own. Each page is requested in-process through the
whole middleware stack (the page cache turned off, so every request renders), a few times to
warm up and then ``--runs`` times, each timed request of the page right after one of the
baseline view, so that both meet the machine in the same state (other work makes a baseline
measured once swing several times over). The script prints, per page and size, the query count,
the median, its ratio to the median of the baseline requests beside it, and how the page's time
and ratio grew from the first size to the second. With ``--rounds N`` the sizes are measured in
turn N times, and each figure is the median of its rounds. It reads only; it never writes.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
# Import from the project root, not from bench/ (whose scripts would shadow packages by name).
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guarantees_site.settings")
os.environ.setdefault("DEBUG", "1")
# Measure rendering, not the cache in front of it, nor the API's rate limit.
os.environ["PUBLIC_CACHE_SECONDS"] = "0"
os.environ["API_ANON_RATE"] = "off"
if "--child" in sys.argv:
    os.environ["DATABASE_URL"] = sys.argv[sys.argv.index("--child") + 1]

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


BASELINE = "/bench/baseline/"


def pages():
    tier = Tier.objects.published().order_by("number").first()
    actor = busiest(Actor.objects.published(), "led_commitments")
    second = Actor.objects.published().exclude(pk=actor.pk).order_by("slug").first()
    speaker = busiest(Actor.objects.published(), "statements")
    commitment = busiest(Commitment.objects.public(), "statements")
    statement = Statement.objects.public().newest_first().first()
    source = Source.objects.published().get(key=MARKER_KEY)
    return [
        ("home", "/en/"),
        ("tier", tier.get_absolute_url()),
        ("actors", "/en/actors/"),
        # Words that fill a page at both sizes, so that both render as many rows.
        ("actors, filtered", "/en/actors/?kind=person&q=synthetic+actor"),
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
        ("search, every type", "/en/search/?q=ceasefire+monitoring"),
        ("search, a speaker's name", f"/en/search/?q={quote_plus(speaker.name)}"),
        ("search, statements page 3", "/en/search/?q=ceasefire&type=statements&page=3"),
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
        ("embedded commitment card", f"/en/embed/commitments/{commitment.slug}/"),
        ("embedded actor card", f"/en/embed/actors/{actor.slug}/"),
        ("embedded tier chart", f"/en/embed/tiers/{tier.slug}/chart/"),
        ("commitment preview image", f"{commitment.get_absolute_url()}card.png"),
        ("statement preview image", f"{statement.get_absolute_url()}card.png"),
        ("tier preview image", f"{tier.get_absolute_url()}card.png"),
        ("API commitments", "/api/v1/commitments/"),
        ("API commitments, filtered", f"/api/v1/commitments/?tier={tier.slug}&progress=fulfilled"),
        ("API statements", "/api/v1/statements/"),
        ("API statements, search", "/api/v1/statements/?q=ceasefire+monitoring"),
        ("API actors", "/api/v1/actors/"),
        ("API sources", "/api/v1/sources/"),
        ("API memberships", "/api/v1/memberships/"),
        ("API figures", "/api/v1/figures/"),
    ]


def measure(client, url, runs, warmup):
    """Medians of the page and of the baseline requested just before each of its requests."""
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    times, baselines = [], []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(BASELINE)
        baselines.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(baselines), len(queries)


def child(args):
    """Measure every page on this process's database; print the figures as JSON."""
    commitments, statements = Commitment.objects.count(), Statement.objects.count()
    if commitments < MIN_COMMITMENTS or statements < MIN_STATEMENTS:
        raise SystemExit(
            f"Found {commitments} commitments and {statements} statements; generate the data set "
            "first: manage.py generate_synthetic --commitments 10000 --statements 50000 --replace"
        )
    rows = []
    with override_settings(ROOT_URLCONF=URLCONF, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        for _ in range(args.warmup):
            client.get(BASELINE)
        for name, url in pages():
            if args.only and not any(part in name for part in args.only):
                continue
            median, base, queries = measure(client, url, args.runs, args.warmup)
            rows.append(
                {
                    "name": name,
                    "url": url,
                    "queries": queries,
                    "ms": median * 1000,
                    "base_ms": base * 1000,
                }
            )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "commitments": commitments,
                "statements": statements,
                "load": os.getloadavg()[0],
                "rows": rows,
            }
        )
    )


def measured(url, args) -> dict:
    """One child process's figures for the database at ``url``."""
    command = [sys.executable, __file__, "--child", url, "--runs", str(args.runs)]
    command += ["--warmup", str(args.warmup)]
    for part in args.only or ():
        command += ["--only", part]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"measuring {url} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def combined(rounds: list[dict]) -> dict:
    """One size's figures over its rounds: for each page the median of its rounds' medians,
    and of their baselines."""
    first = rounds[0]
    rows = [
        {
            **row,
            "ms": statistics.median(r["rows"][i]["ms"] for r in rounds),
            "base_ms": statistics.median(r["rows"][i]["base_ms"] for r in rounds),
        }
        for i, row in enumerate(first["rows"])
    ]
    return {**first, "load": max(r["load"] for r in rounds), "rows": rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("databases", nargs="*", help="database URLs, smallest data set first")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first")
    parser.add_argument(
        "--only", action="append", help="measure only the pages whose name contains this"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="times each size is measured, in turn"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    databases = args.databases or [os.environ.get("DATABASE_URL", "")]
    # Round after round, each size in turn, so that both sizes meet the machine over the same
    # span of time: one process per size measured once apart can meet it in another state.
    rounds = [[measured(url, args) for url in databases] for _ in range(args.rounds)]
    sizes = [combined([each[i] for each in rounds]) for i in range(len(databases))]
    for size in sizes:
        print(
            f"{size['vendor']}: {size['commitments']:,} commitments, {size['statements']:,} "
            f"statements (load average {size['load']:.1f})"
        )
    print(
        f"median of {args.runs} requests after {args.warmup} warm-up, each after a baseline one"
        + (f"; median of {args.rounds} rounds, the sizes in turn" if args.rounds > 1 else "")
        + "\n"
    )
    head = f"{'page':28}"
    for size in sizes:
        label = f"{size['commitments'] // 1000}k"
        head += f" {'q':>3} {label + ' ms':>9} {'× base':>7}"
    if len(sizes) > 1:
        head += f" {'time ×':>7} {'ratio ×':>7}"
    print(head)
    for i, row in enumerate(sizes[0]["rows"]):
        line = f"{row['name']:28}"
        for size in sizes:
            other = size["rows"][i]
            line += (
                f" {other['queries']:>3} {other['ms']:>9.1f} {other['ms'] / other['base_ms']:>7.1f}"
            )
        if len(sizes) > 1:
            first, last = sizes[0]["rows"][i], sizes[-1]["rows"][i]
            growth = last["ms"] / first["ms"]
            normalised = (last["ms"] / last["base_ms"]) / (first["ms"] / first["base_ms"])
            line += f" {growth:>7.2f} {normalised:>7.2f}"
        print(line)
    medians = [statistics.median(row["base_ms"] for row in size["rows"]) for size in sizes]
    print(
        "\nbaseline, median over every page's runs: "
        + ", ".join(
            f"{size['commitments']:,} commitments {ms:.2f} ms"
            for size, ms in zip(sizes, medians, strict=True)
        )
    )


if __name__ == "__main__":
    main()
