"""What a reader does, step by step, in Chromium; each step checks what the reader sees."""

import re

from playwright.sync_api import expect

from .conftest import screenshot


def test_home_to_a_tier_to_a_commitment_to_its_source(page, site):
    page.goto(f"{site}/en/")
    expect(page.locator("h1")).to_have_text("Security guarantees for Ukraine")
    expect(page.locator(".tier-card")).to_have_count(3)
    screenshot(page, "home")

    page.get_by_role("link", name=re.compile("A coalition of the willing led by")).click()
    expect(page).to_have_url(f"{site}/en/tiers/coalition-of-the-willing/")
    expect(page.locator("h1")).to_have_text(
        "A coalition of the willing led by the United Kingdom and France"
    )
    expect(page.get_by_role("img", name=re.compile("Commitments by progress"))).to_be_visible()
    screenshot(page, "tier")

    commitment = page.locator(".items .item-title a").first
    title = commitment.inner_text()
    commitment.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_role("heading", name="Where it stands")).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    screenshot(page, "commitment")

    sources = page.locator("section[aria-labelledby=sources-heading] .item-title a")
    source_title = sources.first.inner_text()
    sources.first.click()
    expect(page.locator("h1")).to_have_text(source_title)
    # The reader can follow the fact to where it was said (not fetched: tests stay offline).
    address = page.locator("dd a.source-link, dd:has-text('This document has no web address.')")
    expect(address.first).to_be_visible()
    link = page.locator("a.source-link")
    if link.count():
        assert link.get_attribute("href").startswith("http")
    screenshot(page, "source")


def test_filter_commitments_and_the_shared_url_gives_the_same_list(page, browser, site):
    page.goto(f"{site}/en/commitments/")
    everything = page.locator("#results > li").count()
    page.get_by_label("Tier").select_option(
        label="2. A coalition of the willing led by the United Kingdom and France"
    )
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Show commitments").click()
    expect(page).to_have_url(re.compile(r"tier=coalition-of-the-willing.*sort=title"))
    shown = page.locator("#results .item-title").all_inner_texts()
    assert 0 < len(shown) < everything
    assert shown == sorted(shown)
    screenshot(page, "commitments-filtered")

    shared = page.url
    other = browser.new_context().new_page()
    other.goto(shared)
    assert other.locator("#results .item-title").all_inner_texts() == shown
    expect(other.get_by_label("Tier")).to_have_value("coalition-of-the-willing")
    other.context.close()


def test_search_statements_and_see_the_match_highlighted(page, site):
    page.goto(f"{site}/en/statements/")
    page.get_by_label("Search the words").fill("guarantees")
    # The page's own form, not the header's search of every type.
    page.locator("main").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]q=guarantees(&|$)"))
    expect(page.locator(".result-count")).to_contain_text(re.compile("match(es)? “guarantees”"))
    marks = page.locator("#results mark")
    expect(marks.first).to_be_visible()
    assert all(text.lower().startswith("guarantee") for text in marks.all_inner_texts())
    screenshot(page, "statements-search")


def test_switch_to_ukrainian(page, site):
    page.goto(f"{site}/en/commitments/?sort=title")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Українська").click()
    expect(page).to_have_url(f"{site}/uk/commitments/?sort=title")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text("Зобов’язання")
    expect(page.get_by_role("button", name="Показати зобов’язання")).to_be_visible()
    expect(page.get_by_role("navigation", name="Основна навігація")).to_contain_text("Хронологія")
    screenshot(page, "commitments-uk")


def test_the_skip_link_appears_on_focus_and_leads_to_the_content(page, site):
    page.goto(f"{site}/en/about/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
