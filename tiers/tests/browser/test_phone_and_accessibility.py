"""Every page type at phone width without horizontal scrolling, and no serious axe findings.

Each test walks all page types in one browser session (one database set-up) and reports every
failing page at once.
"""

from tiers.models import Source

from .conftest import axe_violations, screenshot

PAGES = {
    "home": "/en/",
    "tier": "/en/tiers/united-states-participation/",
    "actors": "/en/actors/?kind=state",
    "actor": "/en/actors/mark-rutte/",
    "commitments": "/en/commitments/",
    "commitment": "/en/commitments/reassurance-force/",
    "statements": "/en/statements/?q=security",
    "statement": "/en/statements/rutte-2026-02-03-three-levels/",
    "timeline": "/en/timeline/",
    "about": "/en/about/",
    "home-uk": "/uk/",
    "commitment-uk": "/uk/commitments/reassurance-force/",
    "not-found": "/en/no-such-page/",
}


def all_pages():
    source = Source.objects.published().filter(commitments__slug="reassurance-force").first()
    return {**PAGES, "source": source.get_absolute_url()}


def test_every_page_type_reads_at_phone_width(phone, site):
    too_wide = {}
    for name, path in all_pages().items():
        phone.goto(site + path)
        assert phone.locator("h1").is_visible(), name
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width
        screenshot(phone, f"phone-{name}")
    assert too_wide == {}, "these pages scroll sideways at 360 px"


def test_no_critical_or_serious_accessibility_violation_on_any_page_type(page, site):
    found = {}
    for name, path in all_pages().items():
        page.goto(site + path)
        if violations := axe_violations(page):
            found[name] = violations
        screenshot(page, f"desktop-{name}")
    assert found == {}


def test_the_accessibility_check_does_find_violations(page):
    page.set_content('<html><body><main><img src="chart.png"><input></main></body></html>')
    found = " ".join(axe_violations(page))
    assert "image-alt" in found and "label" in found
