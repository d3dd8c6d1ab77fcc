"""Check every source's URL and archived copy; record whether they answer, and when.

    manage.py check_sources [--timeout 10] [--workers 4] [--key KEY ...]

A link works when it answers with a success status (redirects followed). A HEAD request comes
first; servers that refuse HEAD are asked again with GET. Broken sources are listed in the admin
(Sources, filter “link status: broken”) with what failed.
"""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.utils import timezone

from tiers.models import Source

USER_AGENT = "guarantees-tracker-link-check/1.0"


def check_url(url: str, timeout: float) -> str | None:
    """None when the URL answers with a success status, otherwise what went wrong, in words."""
    if not url.startswith(("http://", "https://")):
        return "not an http(s) address"
    for method in ("HEAD", "GET"):
        headers = {"User-Agent": USER_AGENT}
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 (http(s) only)
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers refuse HEAD but answer GET
            return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"unreachable ({reason})"
    return None


class Command(BaseCommand):
    help = "Check every source URL and archived URL, and record the status and the date checked."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--workers", type=int, default=4, help="Requests in parallel.")
        parser.add_argument("--key", action="append", help="Check only this source (repeatable).")

    def handle(self, *args, timeout, workers, key, **options):
        sources = Source.objects.exclude(url="", archived_url="").order_by("pk")
        if key:
            sources = sources.filter(key__in=key)
        sources = list(sources.only("pk", "key", "url", "archived_url"))

        def check(source):
            problems = []
            for label, url in (("URL", source.url), ("archived copy", source.archived_url)):
                if url and (problem := check_url(url, timeout)):
                    problems.append(f"{label}: {problem}")
            return source, problems

        now = timezone.now()
        broken = 0
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for source, problems in pool.map(check, sources):
                source.link_status = Source.LinkStatus.BROKEN if problems else Source.LinkStatus.OK
                source.link_problem = "; ".join(problems)[:500]
                source.links_checked_at = now
                if problems:
                    broken += 1
                    self.stdout.write(f"{source.key}: {source.link_problem}")
        # A check is not an editorial change: no history row, and updated_at stays as it was.
        Source.objects.bulk_update(
            sources, ["link_status", "link_problem", "links_checked_at"], batch_size=500
        )
        self.stdout.write(f"Checked {len(sources)} sources: {broken} with a broken link.")
