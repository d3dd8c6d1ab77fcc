"""Every page type at phone width without horizontal scrolling, and no serious axe findings."""

import pytest

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
    "not-found": "/en/no-such-page/",
}


@pytest.mark.parametrize("name", PAGES)
def test_readable_at_phone_width(phone, site, name):
    phone.goto(site + PAGES[name])
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} scrolls sideways: {width}px wide"
    assert phone.locator("h1").is_visible()
    screenshot(phone, f"phone-{name}")


@pytest.mark.parametrize("name", PAGES)
def test_no_critical_or_serious_accessibility_violation(page, site, name):
    page.goto(site + PAGES[name])
    assert axe_violations(page) == []


def test_a_source_page_is_accessible_too(page, site):
    page.goto(f"{site}/en/commitments/reassurance-force/")
    page.locator("section[aria-labelledby=sources-heading] .item-title a").first.click()
    assert axe_violations(page) == []
