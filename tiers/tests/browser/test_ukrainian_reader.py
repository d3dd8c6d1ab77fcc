"""A Ukrainian reader in Chromium: a tier, a commitment, a statement and search results on /uk/,
each in Ukrainian."""

from playwright.sync_api import expect

from .conftest import screenshot


def test_a_tier_a_commitment_a_statement_and_a_search_read_in_ukrainian(page, site):
    page.goto(f"{site}/uk/tiers/coalition-of-the-willing/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text(
        "Коаліція охочих на чолі зі Сполученим Королівством і Францією"
    )
    expect(page.locator(".english-only")).to_have_count(0)
    screenshot(page, "uk-tier")

    page.goto(f"{site}/uk/commitments/reassurance-force/")
    expect(page.locator("h1")).to_have_text(
        "Сили підтримки (заспокоєння) в Україні після припинення бойових дій"
    )
    expect(page.get_by_text("26 країн офіційно зобов'язалися", exact=False).first).to_be_visible()
    screenshot(page, "uk-commitment")

    page.goto(f"{site}/uk/statements/rutte-2026-02-03-three-levels/")
    translation = page.locator('figure.translation blockquote[lang="uk"]')
    expect(translation).to_contain_text("Коли йдеться про безпеку, є три рівні.")
    expect(page.locator('figure.original blockquote[lang="en"]')).to_contain_text(
        "When it comes to security, there are three levels."
    )
    expect(page.get_by_text("переклад цього проєкту")).to_be_visible()
    screenshot(page, "uk-statement")

    page.goto(f"{site}/uk/statements/")
    # The page's own form, not the header's search of every type.
    page.locator("main").get_by_role("searchbox").fill("коаліція")
    page.locator("main").get_by_role("button", name="Шукати").click()
    results = page.locator("#results .item")
    # Rutte's, in its Ukrainian translation (PostgreSQL also finds the capitalised "Коаліція"
    # of another; SQLite's substring search compares Cyrillic case-sensitively).
    expect(results.filter(has_text="три рівні")).to_have_count(1)
    expect(results.locator("mark").first).to_have_text("коаліція")
    expect(page.locator(".result-count")).to_contain_text("коаліція")
    screenshot(page, "uk-search")
