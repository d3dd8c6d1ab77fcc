"""English and Ukrainian: every interface string translated, URLs per language, a switcher."""

import pathlib
import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
CATALOGUE = pathlib.Path(settings.BASE_DIR) / "locale/uk/LC_MESSAGES/django.po"


def test_every_string_in_the_catalogue_is_translated():
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [
        entry for entry in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', entry, re.M)
    ]
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


def test_the_compiled_catalogue_is_in_the_repository():
    po = CATALOGUE
    mo = po.with_suffix(".mo")
    assert mo.exists()


def test_the_interface_speaks_ukrainian_under_uk(client, seed):
    text = client.get("/uk/").content.decode()
    assert '<html lang="uk">' in text
    for phrase in [
        "Гарантії безпеки для України",
        "Зобов’язання",
        "Перейти до змісту",
        "Хронологія",
    ]:
        assert phrase in text
    assert "Skip to content" not in text


def test_record_content_stays_as_curated(client, seed):
    text = client.get("/uk/statements/rutte-2026-02-03-three-levels/").content.decode()
    assert "When it comes to security, there are three levels." in text
    assert "Сторінку" not in text


def test_dates_follow_the_language(client, seed):
    text = client.get("/uk/statements/trump-2025-08-18-well-be-involved/").content.decode()
    assert '<time datetime="2025-08-18">18 серпня 2025</time>' in text


def test_the_switcher_links_to_the_same_page_in_the_other_language(client, seed):
    text = client.get("/en/commitments/?tier=coalition-of-the-willing").content.decode()
    assert 'href="http://testserver/uk/commitments/?tier=coalition-of-the-willing"' in text
    assert 'hreflang="uk" lang="uk"' in text
    assert '<link rel="alternate" hreflang="uk"' in text


def test_filters_and_errors_are_translated(client, seed):
    text = client.get("/uk/commitments/?year=soon").content.decode()
    assert "Рік оголошення" in text
    assert "Введіть ціле число." in text
