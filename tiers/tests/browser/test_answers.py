"""A reader's first questions, answered from the pages alone, on the real seed: which countries
signed a bilateral agreement in 2024, which will not send troops, what changed in the last week.
And the pages that answer them, at 1280 and 360 px, with no serious axe finding."""

import datetime

from django.db.models import Count, Q

from tiers.answers import AGREEMENT_FORMS, UKRAINE_ISO
from tiers.models import Commitment

from .conftest import axe_violations, screenshot

PAGES = {
    "who-is-in-what": "/en/who-is-in-what/",
    "who-is-in-what-uk": "/uk/who-is-in-what/",
    "map": "/en/who-is-in-what/map/?show=troops",
    "compare": "/en/compare/?actor=united-kingdom&actor=france&actor=italy",
    "changes": "/en/changes/",
}


def agreements_2024_in_the_records() -> set:
    """Independently of tiers.answers: signed in 2024 by Ukraine and one other, a state."""
    found = set()
    commitments = (
        Commitment.objects.public()
        .filter(legal_form__in=AGREEMENT_FORMS, announced_on__year=2024)
        .annotate(n=Count("actors"), ua=Count("actors", filter=Q(actors__iso_code=UKRAINE_ISO)))
        .filter(n=2, ua=1)
    )
    for commitment in commitments:
        for actor in commitment.actors.filter(kind="state").exclude(iso_code=UKRAINE_ISO):
            found.add(str(actor.name))
    return found


def test_which_countries_signed_a_bilateral_agreement_in_2024(page, site):
    page.goto(site + "/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Who is in what").click()
    page.get_by_label("Kind of actor").select_option("state")
    page.get_by_role("button", name="Show the table").click()
    page.get_by_role("link", name="Bilateral agreement with Ukraine").click()
    signed = set()
    for row in page.locator("table.answers tbody tr").all():
        cells = row.locator("th, td").all_inner_texts()
        if "2024" in cells[2]:
            signed.add(cells[0].strip())
    expected = agreements_2024_in_the_records()
    assert signed == expected and "United Kingdom" in signed
    # Every such cell is a link to the agreement's own record, which names its sources.
    page.locator("#actor-united-kingdom td").nth(1).get_by_role("link").first.click()
    assert page.get_by_role("heading", name="Sources").is_visible()


def test_which_will_not_send_troops(page, site):
    page.goto(site + "/en/who-is-in-what/map/")
    page.get_by_label("Colour the countries by").select_option("troops")
    page.get_by_role("button", name="Show the map").click()
    labels = page.locator("svg.map a").evaluate_all("links => links.map(a => a.ariaLabel)")
    will_not = {label.split(":")[0] for label in labels if label.endswith("Will not send troops")}
    in_records = Commitment.objects.public().filter(troop_position="no")
    assert will_not == {str(c.lead_actor.name) for c in in_records} and "Italy" in will_not
    # The country is a keyboard-reachable link to the record its colour comes from.
    italy = page.locator('svg.map a[aria-label="Italy: Will not send troops"]')
    italy.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Italy")
    page.keyboard.press("Enter")
    page.wait_for_url("**/commitments/italy-monitoring-and-training-outside-ukraine/")


def test_what_changed_in_the_last_week(page, site):
    # An analyst corrects a published record today, as the admin would (with its history).
    commitment = Commitment.objects.get(slug="reassurance-force")
    commitment.description = commitment.description + " Corrected."
    commitment.save()
    page.goto(site + "/en/")
    page.get_by_role("link", name="What changed").click()
    page.wait_for_url("**/en/changes/")
    week_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=7)
    times = page.locator(".change-group time").evaluate_all(
        "items => items.map(t => t.getAttribute('datetime'))"
    )
    recent = [t for t in times if datetime.datetime.fromisoformat(t) >= week_ago]
    assert recent, "the seed was published today: its records are this week's changes"
    first = page.locator(".change-group").first
    # The seed was written without history: today's save is the record's first public change.
    assert str(commitment.title) in first.inner_text()
    first.get_by_role("link", name=str(commitment.title)).click()
    page.wait_for_url("**/en/commitments/reassurance-force/")


def test_the_answer_pages_read_at_phone_width_and_pass_axe(page, phone, site):
    too_wide, found = {}, {}
    for name, path in PAGES.items():
        phone.goto(site + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width
        screenshot(phone, f"phone-{name}")
        page.goto(site + path)
        if violations := axe_violations(page):
            found[name] = violations
        screenshot(page, f"desktop-{name}")
    assert too_wide == {}, "these pages scroll sideways at 360 px"
    assert found == {}
