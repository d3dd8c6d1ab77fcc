"""Faster admin forms: a partial date in one box, languages by name, slugs and keys made from the
record, autocompletes that rank exact and prefix matches first, and an analyst's menu without
the editor's actions."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tiers.admin.fields import PartialDateField, language_choices
from tiers.models import Actor, Commitment, Source, Statement, Visibility
from tiers.partial_dates import PartialDate
from tiers.roles import ANALYST

from .admin_forms import change_form_data
from .factories import ActorFactory, CommitmentFactory, SourceFactory, TierFactory

DRAFT = Visibility.DRAFT


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("an", is_staff=True)
    user.groups.add(Group.objects.get(name=ANALYST))
    return user


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2025", datetime.date(2025, 1, 1), "year"),
        ("2025-08", datetime.date(2025, 8, 1), "month"),
        (" 2025-08-18 ", datetime.date(2025, 8, 18), "day"),
    ],
)
def test_one_box_reads_a_partial_date_as_imports_write_it(text, date, precision):
    assert PartialDateField("said").clean(text) == PartialDate(date, precision)


def test_the_box_says_what_is_wrong():
    field = PartialDateField("said")
    with pytest.raises(Exception, match="write 2025, 2025-08 or 2025-08-18"):
        field.clean("18/08/2025")
    with pytest.raises(Exception, match="not a real date"):
        field.clean("2025-02-30")
    assert field.widget.attrs["pattern"]  # checked by the browser as it is typed


def test_the_form_writes_both_columns_and_shows_them_again(db, client, analyst):
    source = SourceFactory(visibility=DRAFT, published_on=None, published_precision="")
    client.force_login(analyst)
    url = reverse("admin:tiers_source_change", args=[source.pk])
    data = change_form_data(client, url)
    assert data["published"] == ""
    client.post(url, data | {"published": "2025-08"})
    source.refresh_from_db()
    assert (source.published_on, source.published_precision) == (datetime.date(2025, 8, 1), "month")
    assert change_form_data(client, url)["published"] == "2025-08"


def test_a_bad_date_is_shown_on_its_box(db, client, analyst):
    source = SourceFactory(visibility=DRAFT)
    client.force_login(analyst)
    url = reverse("admin:tiers_source_change", args=[source.pk])
    response = client.post(url, change_form_data(client, url) | {"published": "2025-13"})
    assert "not a real date" in str(response.context["adminform"].form.errors["published"])


def test_a_status_change_date_keeps_its_unique_check(db, client, analyst):
    commitment = CommitmentFactory(visibility=DRAFT)
    url = reverse("admin:tiers_commitment_change", args=[commitment.pk])
    client.force_login(analyst)
    data = change_form_data(client, url)
    row = {
        "occurred": "2025-09-04",
        "progress": "agreed",
        "summary_en": "Signed.",
        "visibility": "draft",
    }
    data |= {"status_changes-TOTAL_FORMS": "2"}
    for n in (0, 1):
        data |= {f"status_changes-{n}-{k}": v for k, v in row.items()}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "duplicate data for occurred_on and progress" in response.content.decode()


def test_the_language_is_chosen_by_name(db):
    choices = dict(language_choices())
    assert list(dict(language_choices()))[0] == "en"
    assert choices["uk"] == "uk – Ukrainian" and choices["fr"] == "fr – French"
    # A three-letter code from an import stays choosable on its record.
    assert dict(language_choices("crh"))["crh"].startswith("crh – ")


def test_a_statement_slug_and_a_source_key_are_made_when_left_empty(db, client, analyst):
    speaker = ActorFactory(name="Example Speaker", kind=Actor.Kind.PERSON, visibility=DRAFT)
    client.force_login(analyst)
    add = reverse("admin:tiers_statement_add")
    data = change_form_data(client, add) | {
        "speaker": speaker.pk,
        "said": "2025-08-18",
        "quote": "We will stand by Ukraine for as long as it takes.",
        "language": "en",
    }
    assert client.post(add, data).status_code == 302
    assert Statement.objects.get().slug == "example-speaker-2025-08-18-we-will-stand-by-ukraine-for"
    # A second one with the same words gets a free slug.
    client.post(add, data)
    assert Statement.objects.filter(slug__endswith="-2").exists()

    add = reverse("admin:tiers_source_add")
    data = change_form_data(client, add) | {
        "title": "Example report",
        "publisher": "Example Agency",
        "kind": "news",
        "published": "2025-08",
    }
    assert client.post(add, data).status_code == 302
    assert Source.objects.get().key == "example-agency-2025-08-example-report"


def test_autocomplete_lists_exact_then_prefix_matches_first(db, client, analyst):
    for name in ["Greater France Society", "Francesca", "France"]:
        ActorFactory(name=name)
    client.force_login(analyst)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "france",
            "app_label": "tiers",
            "model_name": "commitment",
            "field_name": "lead_actor",
        },
    )
    names = [r["text"] for r in json.loads(response.content)["results"]]
    assert names == ["France", "Francesca", "Greater France Society"]


def test_a_new_commitment_form_offers_two_status_change_rows(db, client, analyst):
    TierFactory()
    client.force_login(analyst)
    page = client.get(reverse("admin:tiers_commitment_add")).content.decode()
    assert 'name="status_changes-TOTAL_FORMS" value="2"' in page
    assert "tiers/admin/status_preview.js" in page and "<script>" not in page


def test_a_status_change_without_a_source_cites_the_commitments_only_one(db, client, analyst):
    commitment = CommitmentFactory(visibility=DRAFT)
    url = reverse("admin:tiers_commitment_change", args=[commitment.pk])
    client.force_login(analyst)
    data = change_form_data(client, url) | {
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-0-occurred": "2025-09",
        "status_changes-0-progress": "announced",
        "status_changes-0-summary_en": "Announced.",
        "status_changes-0-visibility": "draft",
    }
    assert client.post(url, data).status_code == 302
    assert commitment.status_changes.get().source == commitment.sources.get()


def test_an_analysts_menu_has_no_publish_action(db, client, analyst):
    CommitmentFactory(visibility=DRAFT)
    client.force_login(analyst)
    page = client.get(reverse("admin:tiers_commitment_changelist")).content.decode()
    assert "Publish selected records" not in page
    assert Commitment.objects.count() == 1
