"""The embeddable cards inside another site's page, and their accessibility at both widths."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import DESKTOP, PHONE, axe_violations, screenshot

CARDS = {
    "commitment": "/en/embed/commitments/reassurance-force/",
    "actor": "/en/embed/actors/mark-rutte/",
    "tier-chart": "/en/embed/tiers/united-states-participation/chart/",
    "commitment-uk": "/uk/embed/commitments/reassurance-force/",
}


@pytest.fixture
def other_site():
    """A page on another origin (another port of the loopback) that frames what it is given:
    ``other_site(url)`` is its address."""
    framed = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            body = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blog</title>'
                f'</head><body><h1>A blog post</h1><iframe src="{framed["url"]}" title="Card" '
                'width="480" height="360"></iframe></body></html>'
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def address(url):
        framed["url"] = url
        return f"http://127.0.0.1:{server.server_port}/post"

    yield address
    server.shutdown()
    server.server_close()


def test_a_card_renders_inside_another_sites_page(page, site, other_site):
    for name, path in CARDS.items():
        page.goto(other_site(site + path))
        frame = page.frame_locator("iframe")
        heading = frame.locator("h1")
        heading.wait_for()
        assert heading.inner_text().strip(), name
        link = frame.locator("h1 a")
        assert link.get_attribute("target") == "_blank"
        screenshot(page, f"embedded-{name}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_cards_have_no_serious_accessibility_violation(browser, site, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    found, too_wide = {}, {}
    try:
        for name, path in CARDS.items():
            page.goto(site + path)
            if violations := axe_violations(page):
                found[name] = violations
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide[name] = width
    finally:
        context.close()
    assert found == {}
    assert too_wide == {}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_the_share_box_on_a_record_page_is_accessible(browser, site, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(site + "/en/commitments/reassurance-force/")
        code = page.locator("#embed-code")
        assert "<iframe" in code.input_value()
        assert code.get_attribute("readonly") is not None
        violations = axe_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert violations == []
    assert width <= viewport["width"]
