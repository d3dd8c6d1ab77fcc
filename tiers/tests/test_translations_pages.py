"""Records on /uk/: Ukrainian where written, English marked as such where not, and search in
both languages."""

import datetime

import pytest
from django.db import connection
from django.utils import translation

from tiers.models import Actor, QuoteTranslation, Statement
from tiers.tests.factories import ActorFactory, CommitmentFactory, StatementFactory, TierFactory

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_tier_reads_in_ukrainian_where_it_is_written(client):
    TierFactory(number=2, slug="coalition", name="Coalition", name_uk="Коаліція охочих")
    text = page(client, "/uk/tiers/coalition/")
    assert "<h1>Коаліція охочих</h1>" in text
    assert "Coalition" not in text.split("<h1>")[1].split("</h1>")[0]
    assert "<h1>Coalition</h1>" in page(client, "/en/tiers/coalition/")


def test_english_only_text_is_marked_and_noted(client):
    TierFactory(number=2, slug="coalition", name="Coalition", summary="Willing countries.")
    text = page(client, "/uk/tiers/coalition/")
    assert '<h1><span lang="en">Coalition</span> <small class="english-only">' in text
    assert '<span lang="en">Willing countries.</span>' in text
    assert "лише англійською" in text
    # On English pages nothing is marked.
    assert "english-only" not in page(client, "/en/tiers/coalition/")


def test_the_ukrainian_translation_of_a_quote_comes_first_with_the_original_beside(client):
    statement = StatementFactory(
        slug="said", quote="We will help.", translations={"uk": "Ми допоможемо."}
    )
    text = page(client, "/uk/statements/said/")
    assert text.index('<blockquote lang="uk">') < text.index('<blockquote lang="en">')
    assert "переклад цього проєкту" in text
    # JSON-LD carries the original and each translation with its translator.
    assert '"inLanguage": "uk"' in text and '"text": "Ми допоможемо."' in text
    english = page(client, "/en/statements/said/")
    assert english.index('<blockquote lang="en">') < english.index('<blockquote lang="uk">')
    assert statement.translations.get().by_project


def test_a_translation_printed_by_a_source_names_it(client):
    statement = StatementFactory(slug="said", quote="Нам потрібні гарантії.", language="uk")
    source = statement.sources.get()
    QuoteTranslation.objects.create(
        statement=statement, language="en", text="We need guarantees.", source=source
    )
    text = page(client, "/en/statements/said/")
    assert f'as printed in <a href="{source.get_absolute_url()}">' in text


def test_a_ukrainian_word_finds_ukrainian_text(client):
    StatementFactory(
        slug="rutte",
        quote="The second is a coalition of the willing.",
        translations={"uk": "Друге — коаліція охочих."},
    )
    StatementFactory(slug="other", quote="Training brigades.")
    found = Statement.objects.search("коаліція")
    assert [s.slug for s in found] == ["rutte"]
    text = page(client, "/uk/statements/?q=коаліція")
    assert "<mark>коаліція</mark>" in text
    assert 'id="results"' in text and "/uk/statements/rutte/" in text
    # English words still find English text, and rank as before.
    assert [s.slug for s in Statement.objects.search("coalition")] == ["rutte"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_ukrainian_search_ranks_and_highlights_on_postgresql():
    StatementFactory(slug="a", quote="Coalition.", translations={"uk": "Коаліція охочих діє."})
    StatementFactory(slug="b", quote="Other words.", translations={"uk": "Інші слова."})
    found = list(Statement.objects.search("коаліція").with_translations("коаліція"))
    assert [s.slug for s in found] == ["a"]
    assert found[0].rank > 0
    assert "\ue000Коаліція\ue001" in found[0].translations.all()[0].text_headline


def test_the_change_log_dates_read_in_the_genitive(client):
    CommitmentFactory(slug="air", title="Air policing")
    text = page(client, "/uk/commitments/air/")
    today = datetime.date.today()
    months = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня"]
    months += ["вересня", "жовтня", "листопада", "грудня"]
    assert f"{today.day} {months[today.month - 1]} {today.year}" in text


def test_the_actor_filter_finds_a_name_in_either_language():
    ActorFactory(name="Mark Rutte", name_uk="Марк Рютте", slug="rutte")
    ActorFactory(name="Emmanuel Macron", slug="macron")
    assert [a.slug for a in Actor.objects.named("Рютте")] == ["rutte"]
    with translation.override("uk"):
        assert [a.slug for a in Actor.objects.named("Macron")] == ["macron"]
