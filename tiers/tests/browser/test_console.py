"""In a real browser, the public pages log no error and ask for nothing that is not there (the
icon included: without one named, browsers ask for /favicon.ico)."""

from django.urls import reverse

from tiers.models import Commitment


def test_public_pages_log_no_console_error_and_no_failed_request(site, page):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    paths = [
        reverse("tiers:home"),
        reverse("tiers:commitment_list"),
        Commitment.objects.public().first().get_absolute_url(),
        reverse("open_data:api_guide"),
    ]
    icons = []
    page.on("request", lambda r: "favicon" in r.url and icons.append(r.url))
    for path in paths:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    assert problems == []
    assert icons and all(url.endswith("/static/favicon.svg") for url in icons), icons
