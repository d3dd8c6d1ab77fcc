"""The Redis cache client in use against Django's own, interleaved in one run.

    .venv/bin/python bench/cache_clients.py [--location redis://127.0.0.1:6379/15] [--rounds 15]

A cached page costs one cache read, so the client's own overhead per operation matters. Django's
built-in ``RedisCache`` builds a new redis-py client for every operation; django-redis (the
backend ``CACHE_URL=redis://…`` selects) keeps one per server. Each round times a batch of reads
of a page-sized value with each backend in turn, so a busy machine slows both alike; the script
prints the medians and the ratio of the built-in backend to the one in use.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guarantees_site.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.cache.backends.redis import RedisCache  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from guarantees_site.env import envcache  # noqa: E402

READS_PER_BATCH = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--location", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    os.environ["BENCH_CACHE_URL"] = args.location
    in_use = envcache("BENCH_CACHE_URL")
    backends = {
        "Django's RedisCache (baseline)": RedisCache(
            args.location, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
        ),
        f"{in_use['BACKEND']} (in use)": import_string(in_use["BACKEND"])(
            args.location, {"OPTIONS": in_use["OPTIONS"]}
        ),
    }
    page = "x" * 20_000  # about the size of a compressed public page
    for backend in backends.values():
        backend.set("bench:page", page, timeout=60)
    timings = {name: [] for name in backends}
    for _ in range(args.rounds):
        for name, backend in backends.items():
            started = time.perf_counter()
            for _ in range(READS_PER_BATCH):
                backend.get("bench:page")
            timings[name].append((time.perf_counter() - started) / READS_PER_BATCH * 1e6)
    for backend in backends.values():
        backend.delete("bench:page")
    (baseline, baseline_times), (current, current_times) = timings.items()
    for name, values in timings.items():
        print(f"{name:45} median {statistics.median(values):7.1f} µs per read")
    ratio = statistics.median(baseline_times) / statistics.median(current_times)
    print(f"baseline / in use: {ratio:.2f}  ({args.rounds} interleaved rounds)")


if __name__ == "__main__":
    main()
