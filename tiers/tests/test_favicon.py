"""Every page names the site's icon, so browsers do not ask for a /favicon.ico that is not there."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/en/", "/uk/about/", "/en/no-such-page/"])
def test_pages_link_the_icon_and_the_icon_exists(client, url):
    html = client.get(url).content.decode()
    (href,) = re.findall(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert href == "/static/favicon.svg"
    icon = finders.find("favicon.svg")
    assert icon and Path(icon).read_text(encoding="utf-8").startswith("<svg")


def test_the_error_page_links_the_icon_too(rf):
    from guarantees_site import health

    assert 'rel="icon"' in health.server_error(rf.get("/en/")).content.decode()
