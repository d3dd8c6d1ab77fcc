"""A record's address, worked out around its slug once per view and language, is the address
reverse() gives; and a field's choices, read once, still show in the reader's language."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix
from django.utils import translation

from tiers.record_urls import record_url

from .factories import CommitmentFactory, SourceFactory, StatementFactory

VIEWS = [
    ("tiers:actor_detail", "slug"),
    ("tiers:commitment_detail", "slug"),
    ("tiers:statement_detail", "slug"),
    ("tiers:tier_detail", "slug"),
    ("tiers:source_detail", "key"),
]


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize("view, name", VIEWS)
def test_it_is_the_address_reverse_gives(view, name, language):
    with translation.override(language):
        for value in ["a", "peace-deal_2025", "X-1"]:
            assert record_url(view, name, value) == reverse(view, kwargs={name: value})


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/tracker/")
        assert record_url("tiers:actor_detail", "slug", "nato") == "/tracker/en/actors/nato/"
    finally:
        set_script_prefix("/")
    assert record_url("tiers:actor_detail", "slug", "nato") == "/en/actors/nato/"


def test_what_is_no_slug_is_refused_as_reverse_refuses_it():
    for value in ["", "two words", "ü"]:
        with pytest.raises(NoReverseMatch):
            record_url("tiers:actor_detail", "slug", value)


# Another tree for the same views: the records mounted elsewhere, in no language.
urlpatterns = [path("elsewhere/", include("tiers.urls"))]


def test_a_new_url_tree_gives_its_own_addresses():
    assert record_url("tiers:actor_detail", "slug", "nato") == "/en/actors/nato/"
    with override_settings(ROOT_URLCONF=__name__):
        assert record_url("tiers:actor_detail", "slug", "nato") == "/elsewhere/actors/nato/"
    assert record_url("tiers:actor_detail", "slug", "nato") == "/en/actors/nato/"


@pytest.mark.django_db
def test_the_records_link_their_pages():
    commitment = CommitmentFactory()
    statement = StatementFactory()
    source = SourceFactory()
    for record, view, kwargs in [
        (commitment, "tiers:commitment_detail", {"slug": commitment.slug}),
        (commitment.lead_actor, "tiers:actor_detail", {"slug": commitment.lead_actor.slug}),
        (commitment.tier, "tiers:tier_detail", {"slug": commitment.tier.slug}),
        (statement, "tiers:statement_detail", {"slug": statement.slug}),
        (source, "tiers:source_detail", {"key": source.key}),
    ]:
        with translation.override("uk"):
            assert record.get_absolute_url() == reverse(view, kwargs=kwargs)


@pytest.mark.django_db
def test_a_choice_shows_in_the_language_of_the_page_it_is_on():
    commitment = CommitmentFactory(progress="fulfilled")
    with translation.override("en"):
        english = commitment.get_progress_display()
    with translation.override("uk"):
        ukrainian = commitment.get_progress_display()
    assert english == "Fulfilled" and ukrainian != english and ukrainian
    commitment.progress = "nonsense"  # not a choice: shown as stored, as Django shows it
    assert commitment.get_progress_display() == "nonsense"
