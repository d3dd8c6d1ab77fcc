"""Import files carry a column per language; files without the Ukrainian columns still import."""

import pytest

from tiers.importing.files import export_bytes, import_file
from tiers.importing.formats import CSVFormat
from tiers.models import QuoteTranslation, Tier
from tiers.tests.factories import SourceFactory, StatementFactory, TierFactory

pytestmark = pytest.mark.django_db


def imported(type_name, text):
    result = import_file(type_name, text.encode(), f"{type_name}.csv")
    assert result.messages() == []
    return result


def test_a_file_without_the_ukrainian_columns_leaves_them_as_they_are():
    TierFactory(number=1, slug="one", name="One", name_uk="Один", summary="S")
    imported("tiers", "number,name,slug,summary\n1,One again,one,S\n")
    tier = Tier.objects.get(number=1)
    assert (tier.name_en, tier.name_uk) == ("One again", "Один")


def test_the_ukrainian_columns_set_the_ukrainian_texts():
    TierFactory(number=1, slug="one", name="One", summary="S")
    imported("tiers", "number,name,name_uk,slug,summary,summary_uk\n1,One,Один,one,S,С\n")
    tier = Tier.objects.get(number=1)
    assert (tier.name_uk, tier.summary_uk, tier.name_en) == ("Один", "С", "One")


def test_an_export_carries_both_languages():
    TierFactory(number=1, slug="one", name="One", name_uk="Один", summary="S")
    header, row = export_bytes("tiers", CSVFormat()).decode("utf-8-sig").splitlines()[:2]
    assert header.split(",")[:4] == ["number", "name", "name_uk", "slug"]
    assert row.startswith("1,One,Один,one,")


def test_quote_translations_import_with_who_printed_them():
    statement = StatementFactory(slug="said", quote="Нам потрібні гарантії.", language="uk")
    source = SourceFactory(key="press")
    text = (
        "slug,speaker,quote,language,translation en,translation en printed by\n"
        f"said,{statement.speaker.slug},Нам потрібні гарантії.,uk,We need guarantees.,press\n"
    )
    result = imported("statements", text)
    assert result.totals["update"] == 1
    (row,) = QuoteTranslation.objects.filter(statement=statement)
    assert (row.language, row.text, row.source) == ("en", "We need guarantees.", source)
    # The same file again changes nothing; an empty cell removes the translation.
    assert imported("statements", text).totals["skip"] == 1
    imported("statements", text.replace("We need guarantees.,press", ","))
    assert not QuoteTranslation.objects.filter(statement=statement).exists()


def test_an_unknown_printer_is_refused_by_row_and_column():
    statement = StatementFactory(slug="said", quote="Нам потрібні гарантії.", language="uk")
    text = (
        "slug,speaker,quote,language,translation en,translation en printed by\n"
        f"said,{statement.speaker.slug},Нам потрібні гарантії.,uk,We need them.,nowhere\n"
    )
    result = import_file("statements", text.encode(), "statements.csv")
    assert any("nowhere" in m and "translation en printed by" in m for m in result.messages())
    assert not QuoteTranslation.objects.exists()
