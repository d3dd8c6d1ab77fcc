"""In a real browser, the Content Security Policy blocks nothing the site itself needs.

Chromium enforces the policy the server sends; every violation it reports (an inline script or
style, an event handler, a resource from elsewhere) is collected from the page's
``securitypolicyviolation`` events, on the public pages and through an editor's admin pages.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tiers.models import Commitment, Statement

from .conftest import DESKTOP

COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at line ${event.lineNumber}`
  );
});
"""


@pytest.fixture
def enforcing_page(browser):
    """A page that keeps the policy (the shared fixture bypasses it to inject axe-core)."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def visit(page, url):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    return page.evaluate("window.__violations")


def test_public_pages_run_under_the_policy_without_a_violation(site, enforcing_page):
    commitment = Commitment.objects.public().first()
    statement = Statement.objects.public().first()
    paths = [
        reverse("tiers:home"),
        reverse("tiers:commitment_list"),
        reverse("tiers:statement_list") + "?q=Rutte",
        reverse("tiers:timeline"),
        reverse("tiers:about"),
        commitment.get_absolute_url(),
        statement.get_absolute_url(),
        reverse("open_data:downloads"),
    ]
    found = {path: visit(enforcing_page, site + path) for path in paths}
    assert {path: v for path, v in found.items() if v} == {}


def test_the_admin_runs_under_the_policy_without_a_script_violation(site, enforcing_page):
    # Third-party admin templates keep a few style attributes (django-simple-history's history
    # page, django-import-export's export form); blocked, they cost only a border or a margin.
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-pass-42")
    page = enforcing_page
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-pass-42")
    page.click("input[type=submit]")
    page.wait_for_url(site + reverse("admin:index"))
    commitment = Commitment.objects.first()
    paths = [
        reverse("admin:index"),
        reverse("admin:tiers_commitment_changelist"),
        reverse("admin:tiers_commitment_change", args=[commitment.pk]),
        reverse("admin:tiers_commitment_add"),
        reverse("admin:tiers_statement_add"),
        reverse("admin:tiers_commitment_history", args=[commitment.pk]),
        reverse("admin_review_queue"),
        reverse("admin_import_upload"),
    ]
    found = {path: visit(page, site + path) for path in paths}
    scripts = {
        path: [v for v in violations if v.startswith("script-src")]
        for path, violations in found.items()
    }
    assert {path: v for path, v in scripts.items() if v} == {}
    # The admin's own scripts run: the slug is filled in from the title as it is typed.
    page.goto(site + reverse("admin:tiers_commitment_add"))
    page.locator("#id_title_en").press_sequentially("Air policing over Ukraine")
    assert page.input_value("#id_slug") == "air-policing-over-ukraine"
