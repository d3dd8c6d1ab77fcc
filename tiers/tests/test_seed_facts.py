"""The seed states only what ../shared/sources/facts.md says (docs/seed.md).

These read fixtures/seed.json itself, so they need no database. The facts file lives beside the
project, as in CI; SEED_FACTS may name another copy. Without it the fact checks are skipped, and
say why; the counts and the citations are checked everywhere.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "seed.json"
FACTS = Path(os.environ.get("SEED_FACTS") or ROOT.parent / "shared" / "sources" / "facts.md")
needs_facts = pytest.mark.skipif(
    not FACTS.exists(), reason=f"{FACTS} is absent: the shared sources sit beside the project in CI"
)
RECORDS = json.loads(SEED.read_text())
# What the seed must hold at least (issue 13).
AT_LEAST = {
    "commitment": 45,
    "statement": 35,
    "source": 80,
    "actor": 45,
    "statuschange": 100,
    "figure": 60,
}


def rows(model):
    return [record["fields"] for record in RECORDS if record["model"] == f"tiers.{model}"]


def flat(text):
    return " ".join(text.split())


@pytest.fixture(scope="module")
def facts():
    return FACTS.read_text()


@pytest.mark.parametrize("model", AT_LEAST)
def test_it_meets_the_counts(model):
    assert len(rows(model)) >= AT_LEAST[model]


def test_it_is_what_the_records_build():
    """fixtures/seed.json is written by fixtures/seed_records/build.py, never by hand."""
    builder = ROOT / "fixtures" / "seed_records" / "build.py"
    result = subprocess.run(
        [sys.executable, str(builder), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_every_published_record_cites_a_source():
    for model in ("statuschange", "membership", "figure"):
        for fields in rows(model):
            assert fields["visibility"] != "published" or fields["source"], (model, fields)
    for model in ("commitment", "statement"):
        for fields in rows(model):
            assert fields["visibility"] != "published" or fields["sources"], (model, fields)


def test_every_source_is_cited_once_only_by_address():
    urls = [fields["url"] for fields in rows("source") if fields["url"]]
    assert len(urls) == len(set(urls))


@needs_facts
def test_every_source_url_appears_in_the_facts(facts):
    missing = [f["key"] for f in rows("source") if f["url"] and f["url"] not in facts]
    assert not missing


@needs_facts
def test_no_source_comes_from_what_the_facts_call_not_established(facts):
    not_established = facts.split("## Not established", 1)[1]
    cited = {f["url"] for f in rows("source") if f["url"]}
    assert not [url for url in re.findall(r"https?://[^\s),]+", not_established) if url in cited]


@needs_facts
def test_every_quote_appears_word_for_word_in_the_facts(facts):
    text = flat(facts)
    for fields in rows("statement"):
        assert flat(fields["quote"]) in text, fields["slug"]


@needs_facts
def test_every_printed_translation_appears_word_for_word_in_the_facts(facts):
    text = flat(facts)
    for fields in rows("quotetranslation"):
        if fields["source"]:  # printed by a page; the project's own translations are not quotes
            assert flat(fields["text"]) in text, fields["statement"]


@needs_facts
def test_no_seed_date_lies_after_the_latest_date_in_the_facts(facts):
    latest = max(re.findall(r"\b20\d\d-\d\d-\d\d\b", facts))
    for record in RECORDS:
        for name, value in record["fields"].items():
            # A figure's period may run on to 2028; every other date is an event's or a page's.
            if name.endswith("_on") and not name.startswith("period_") and value:
                assert value <= latest, (record["model"], name, value)
