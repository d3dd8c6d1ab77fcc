"""With the real seed (fixtures/seed.json), the pages a reader starts from read well at desktop
and phone width: nothing scrolls sideways and axe-core finds no serious or critical violation.

One test walks every page at both widths (one database set-up), takes a screenshot of each into
screenshots/, and reports every failing page at once.
"""

from .conftest import DESKTOP, PHONE, axe_violations, screenshot

PAGES = {
    "home": "/en/",
    "tier-1": "/en/tiers/strengthening-armed-forces/",
    "tier-2": "/en/tiers/coalition-of-the-willing/",
    "tier-3": "/en/tiers/united-states-participation/",
    "actor-uk": "/en/actors/united-kingdom/",
    "actor-france": "/en/actors/france/",
    "actor-germany": "/en/actors/germany/",
    "actor-us": "/en/actors/united-states/",
    "actor-nato": "/en/actors/nato/",
    "actor-coalition": "/en/actors/coalition-of-the-willing/",
    "timeline": "/en/timeline/",
    "home-uk": "/uk/",
    "tier-1-uk": "/uk/tiers/strengthening-armed-forces/",
}
# Wider than the viewport: the page scrolls sideways.
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_seeded_pages_read_well_at_desktop_and_phone_width(page, phone, site):
    too_wide, found = {}, {}
    for label, browser_page, viewport in (("desktop", page, DESKTOP), ("phone", phone, PHONE)):
        for name, path in PAGES.items():
            response = browser_page.goto(site + path)
            assert response.status == 200, (name, response.status)
            assert browser_page.locator("h1").is_visible(), name
            if (excess := browser_page.evaluate(OVERFLOW)) > 0:
                too_wide[f"{label} {name}"] = f"{excess}px wider than {viewport['width']}px"
            screenshot(browser_page, f"seed-{label}-{name}")
            if violations := axe_violations(browser_page):
                found[f"{label} {name}"] = violations
    assert too_wide == {}, "these pages scroll sideways"
    assert found == {}, "axe-core: serious or critical violations"
