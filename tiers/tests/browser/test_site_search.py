"""A reader looks for Trump from the search box in the header, on the real seed, at 1280 and
360 px: one search finds a commitment, the actor, his statements (by his name, which their
quotes need not say) and sources; one type is then listed on its own. No serious axe finding."""

import pytest

from .conftest import PHONE, axe_violations, screenshot

PAGE_FORM = "Search commitments, actors, statements and sources"


@pytest.fixture
def phone(browser):
    """360 px, as a phone; axe-core is injected by the test, which the site's
    Content-Security-Policy forbids."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def search_from_the_header(page, site, language, words):
    page.goto(f"{site}/{language}/about/")
    header = page.get_by_role("search", name="Search the site" if language == "en" else None)
    box = page.locator("header").get_by_role("searchbox")
    assert box.is_visible() and header.count() >= 1
    box.fill(words)
    box.press("Enter")
    page.wait_for_url(f"**/{language}/search/?q=*")


def section(page, heading):
    return page.get_by_role("region", name=heading)


def test_one_search_finds_every_type_of_record(page, site):
    search_from_the_header(page, site, "en", "Trump")
    assert page.get_by_role("heading", level=1).inner_text() == "Search"
    # The words stay in the address and in the page's own form.
    assert page.get_by_label("Search the records").input_value() == "Trump"
    commitments = section(page, "Commitments")
    assert commitments.get_by_role("link").count() >= 1
    assert commitments.locator("mark", has_text="Trump").count() >= 1
    actor = section(page, "Actors").get_by_role("link", name="Donald Trump")
    assert actor.is_visible()
    sources = section(page, "Sources")
    assert sources.locator("mark", has_text="Trump").count() >= 1
    # At least one of his statements does not name him: found by its speaker's name.
    statements = section(page, "Statements").locator("li.statement")
    quotes = statements.locator("blockquote").all_inner_texts()
    assert any("Trump" not in quote for quote in quotes)
    speakers = set(statements.locator(".meta a[href*='/actors/']").all_inner_texts())
    assert "Donald Trump" in speakers
    assert axe_violations(page) == []
    screenshot(page, "desktop-site-search")
    # The actor's own page is one click away.
    actor.click()
    page.wait_for_url("**/en/actors/donald-trump/")


def test_one_type_page_by_page_with_the_filters_in_the_address(page, site):
    search_from_the_header(page, site, "en", "security")
    form = page.get_by_role("search", name=PAGE_FORM)
    form.get_by_label("Type of record").select_option("sources")
    form.get_by_role("button", name="Search").click()
    page.wait_for_url("**/en/search/?q=security&type=sources")
    assert page.get_by_role("status").inner_text().endswith("sources")
    assert page.get_by_role("region", name="Commitments").count() == 0
    next_page = page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next")
    if next_page.count():
        next_page.click()
        page.wait_for_url("**type=sources&page=2")
    assert axe_violations(page) == []


def test_at_phone_width_the_search_box_and_results_fit(phone, site):
    search_from_the_header(phone, site, "en", "Trump")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    box = phone.locator("header").get_by_role("searchbox").bounding_box()
    assert box["width"] >= 150  # wide enough to read what was typed
    assert section(phone, "Actors").get_by_role("link", name="Donald Trump").is_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "phone-site-search")


def test_a_ukrainian_reader_finds_him_by_his_ukrainian_name(phone, site):
    search_from_the_header(phone, site, "uk", "Трамп")
    assert phone.get_by_role("heading", level=1).inner_text() == "Пошук"
    assert section(phone, "Учасники").get_by_role("link", name="Дональд Трамп").is_visible()
    statements = section(phone, "Заяви").locator("li.statement")
    assert statements.count() >= 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(phone) == []
    screenshot(phone, "phone-site-search-uk")
