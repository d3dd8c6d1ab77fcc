"""Two people editing the same record: the later save never silently overwrites the earlier one.

Each change form and each inline row carries the version it was opened at
(tiers/admin/concurrency.py); a save over a newer version is refused, says what changed, keeps
the input on the form and saves nothing, neither the record nor any of its rows.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tiers.models import StatusChange
from tiers.roles import EDITOR
from tiers.tests.admin_forms import change_form_data, form_data
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)


@pytest.fixture
def editors(db, django_user_model):
    """Two editors, each in their own browser."""
    clients = []
    for first, last in [("Ada", "Lovelace"), ("Bohdan", "Khmelnytsky")]:
        user = django_user_model.objects.create_user(
            first.lower(), first_name=first, last_name=last, is_staff=True
        )
        user.groups.add(Group.objects.get(name=EDITOR))
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def change_url(record):
    return reverse(f"admin:tiers_{record._meta.model_name}_change", args=[record.pk])


def page_text(response):
    return response.content.decode()


def test_the_second_of_two_editors_saving_a_commitment_is_refused_and_keeps_their_input(editors):
    ada, bohdan = editors
    commitment = CommitmentFactory(title="Air policing", description="")
    url = change_url(commitment)
    adas_form, bohdans_form = change_form_data(ada, url), change_form_data(bohdan, url)

    assert ada.post(url, adas_form | {"title_en": "Air policing mission"}).status_code == 302
    response = bohdan.post(url, bohdans_form | {"description_en": "Four jets."})

    assert response.status_code == 200
    commitment.refresh_from_db()
    assert (commitment.title, commitment.description) == ("Air policing mission", "")
    text = page_text(response)
    assert "Ada Lovelace changed “title [en]” after you opened it" in text
    assert "Nothing was saved" in text
    # Bohdan's input is on the form, ready to save again once he has checked.
    refused = form_data(response, "commitment_form")
    assert refused["description_en"] == "Four jets." and refused["title_en"] == "Air policing"
    refused["title_en"] = "Air policing mission"
    assert bohdan.post(url, refused | {"_save": "Save"}).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.title, commitment.description) == ("Air policing mission", "Four jets.")


def test_a_save_that_changed_none_of_the_forms_fields_is_no_conflict(editors):
    ada, bohdan = editors
    commitment = CommitmentFactory()
    url = change_url(commitment)
    adas_form, bohdans_form = change_form_data(ada, url), change_form_data(bohdan, url)
    ada.post(url, adas_form)  # saved as it was: a new version, nothing changed
    assert bohdan.post(url, bohdans_form | {"description_en": "Four jets."}).status_code == 302
    commitment.refresh_from_db()
    assert commitment.description == "Four jets."


def test_an_action_taken_meanwhile_counts_as_a_change(editors):
    ada, bohdan = editors
    commitment = CommitmentFactory()
    url = change_url(commitment)
    bohdans_form = change_form_data(bohdan, url)
    changelist = reverse("admin:tiers_commitment_changelist")
    ada.post(
        changelist,
        {"action": "return_to_draft", "_selected_action": [commitment.pk], "reason": "Check"},
    )
    commitment.refresh_from_db()
    assert commitment.visibility == "draft"
    response = bohdan.post(url, bohdans_form | {"description_en": "Four jets."})
    assert "changed “visibility”" in page_text(response)
    commitment.refresh_from_db()
    assert commitment.visibility == "draft" and commitment.description == ""


def inline_prefix(data):
    return next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")


def test_an_inline_row_edited_meanwhile_refuses_the_whole_page(editors):
    ada, bohdan = editors
    change = StatusChangeFactory(summary="Announced.")
    commitment = change.commitment
    url = change_url(commitment)
    adas_form, bohdans_form = change_form_data(ada, url), change_form_data(bohdan, url)
    rows = inline_prefix(adas_form)
    assert (
        ada.post(url, adas_form | {f"{rows}-0-summary_en": "Announced in Paris."}).status_code
        == 302
    )

    response = bohdan.post(
        url, bohdans_form | {"title_en": "New title", f"{rows}-0-summary_en": "Announced in Rome."}
    )
    assert response.status_code == 200
    assert "Ada Lovelace changed “summary [en]” after you opened it" in page_text(response)
    change.refresh_from_db()
    commitment.refresh_from_db()
    assert change.summary == "Announced in Paris."
    assert commitment.title != "New title"  # nothing half-saved
    # Saving again, having seen the message, keeps Bohdan's row.
    again = form_data(response, "commitment_form") | {"_save": "Save"}
    assert again[f"{rows}-0-summary_en"] == "Announced in Rome."
    assert bohdan.post(url, again).status_code == 302
    change.refresh_from_db()
    assert change.summary == "Announced in Rome."


def test_a_row_edited_meanwhile_elsewhere_is_refused_too(editors):
    """The same row changed through its own admin page while the commitment page was open."""
    ada, bohdan = editors
    change = StatusChangeFactory(summary="Announced.")
    url = change_url(change.commitment)
    bohdans_form = change_form_data(bohdan, url)
    rows = inline_prefix(bohdans_form)
    own_page = change_form_data(ada, change_url(change))
    ada.post(change_url(change), own_page | {"summary_en": "Announced in Paris."})
    response = bohdan.post(url, bohdans_form | {f"{rows}-0-summary_en": "Announced in Rome."})
    assert "changed “summary [en]”" in page_text(response)
    change.refresh_from_db()
    assert change.summary == "Announced in Paris."


def test_a_row_deleted_meanwhile_is_refused_unless_deleted_again(editors):
    ada, bohdan = editors
    change = StatusChangeFactory()
    commitment = change.commitment
    url = change_url(commitment)
    bohdans_form = change_form_data(bohdan, url)
    rows = inline_prefix(bohdans_form)
    ada.post(reverse("admin:tiers_statuschange_delete", args=[change.pk]), {"post": "yes"})
    assert not StatusChange.objects.filter(pk=change.pk).exists()

    response = bohdan.post(url, bohdans_form | {"title_en": "New title"})
    assert response.status_code == 200
    assert f"Ada Lovelace deleted “{change}” after you opened the page" in page_text(response)
    assert not StatusChange.objects.filter(commitment=commitment).exists()
    commitment.refresh_from_db()
    assert commitment.title != "New title"

    response = bohdan.post(url, bohdans_form | {"title_en": "New title", f"{rows}-0-DELETE": "on"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "New title"


def test_deleting_a_row_that_was_edited_meanwhile_is_refused(editors):
    ada, bohdan = editors
    change = StatusChangeFactory(summary="Announced.")
    url = change_url(change.commitment)
    adas_form, bohdans_form = change_form_data(ada, url), change_form_data(bohdan, url)
    rows = inline_prefix(adas_form)
    ada.post(url, adas_form | {f"{rows}-0-summary_en": "Announced in Paris."})
    response = bohdan.post(url, bohdans_form | {f"{rows}-0-DELETE": "on"})
    assert "changed “summary [en]”" in page_text(response)
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_a_record_deleted_meanwhile_is_not_recreated(editors):
    ada, bohdan = editors
    source = SourceFactory()
    bohdans_form = change_form_data(bohdan, change_url(source))
    ada.post(reverse("admin:tiers_source_delete", args=[source.pk]), {"post": "yes"})
    bohdan.post(change_url(source), bohdans_form | {"publisher": "Agency"})
    assert not type(source).objects.filter(pk=source.pk).exists()


def test_a_revert_over_a_newer_save_is_refused(editors):
    ada, bohdan = editors
    commitment = CommitmentFactory(title="First")
    commitment.title = "Second"
    commitment.save()
    first = commitment.history.earliest("history_date")
    revert_url = reverse(
        "admin:tiers_commitment_simple_history", args=[commitment.pk, first.history_id]
    )
    bohdans_revert = change_form_data(bohdan, revert_url)
    adas_form = change_form_data(ada, change_url(commitment))
    ada.post(change_url(commitment), adas_form | {"title_en": "Third"})
    response = bohdan.post(revert_url, bohdans_revert)
    assert "changed “title [en]”" in page_text(response)
    commitment.refresh_from_db()
    assert commitment.title == "Third"


EDITED_FIELD = {
    TierFactory: "summary",
    ActorFactory: "description",
    MembershipFactory: "title",
    SourceFactory: "publisher",
    CommitmentFactory: "description",
    StatusChangeFactory: "summary",
    StatementFactory: "occasion",
}


@pytest.mark.parametrize("factory", EDITED_FIELD, ids=lambda f: f._meta.model.__name__)
def test_every_curated_records_change_form_refuses_a_stale_save(editors, factory):
    ada, bohdan = editors
    record = factory()
    field = EDITED_FIELD[factory]
    stale = change_form_data(bohdan, change_url(record))
    record.refresh_from_db()
    setattr(record, field, "Changed meanwhile")
    record.save()
    # A translated text is posted as its English column, and named so ("summary [en]").
    posted = f"{field}_en" if f"{field}_en" in stale else field
    response = bohdan.post(change_url(record), stale | {posted: "Changed later"})
    assert response.status_code == 200
    label = record._meta.get_field(posted).verbose_name
    assert f"changed “{label}” after you opened it" in page_text(response)
    record.refresh_from_db()
    assert getattr(record, field) == "Changed meanwhile"


def test_the_check_is_also_on_a_commitments_sources(editors):
    ada, bohdan = editors
    commitment = CommitmentFactory()
    url = change_url(commitment)
    adas_form, bohdans_form = change_form_data(ada, url), change_form_data(bohdan, url)
    ada.post(url, adas_form | {"sources": [adas_form["sources"], str(SourceFactory().pk)]})
    assert commitment.sources.count() == 2
    response = bohdan.post(url, bohdans_form | {"description_en": "Later"})
    assert "changed “sources”" in page_text(response)
    assert commitment.sources.count() == 2
