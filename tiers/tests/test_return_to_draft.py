"""Returning a record to draft while published records are shown only with it.

The editor sees the dependants and confirms or cancels; once confirmed they leave every public
surface with it (the change log included) and keep their own visibility, so that publishing the
record again brings them back, change log and all.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tiers import workflow
from tiers.models import Commitment, Statement, StatusChange, Visibility

from .factories import (
    ActorFactory,
    CommitmentFactory,
    MembershipFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED


@pytest.fixture
def records(db):
    tier = TierFactory(name="Coalition tier")
    commitment = CommitmentFactory(tier=tier, title="Reassurance force")
    change = StatusChangeFactory(commitment=commitment, summary="Force agreed")
    speaker = ActorFactory(name="Defence minister", kind="person")
    statement = StatementFactory(speaker=speaker, quote="We shall be there.")
    return {
        "tier": tier,
        "commitment": commitment,
        "change": change,
        "speaker": speaker,
        "statement": statement,
    }


def form_data(response):
    """What the admin change form posts back unchanged, inlines included."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
        forms += formset.initial_forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            else:
                data[form.add_prefix(name)] = "on" if value is True else str(value)
    data["status_changes-TOTAL_FORMS"] = data.get("status_changes-INITIAL_FORMS", "0")
    return data


def action(client, model, record, **extra):
    url = reverse(f"admin:tiers_{model}_changelist")
    return client.post(
        url, {"action": "return_to_draft", ACTION_CHECKBOX_NAME: [record.pk], **extra}
    )


def test_the_page_lists_the_published_records_shown_only_with_the_selection(
    client, editor, records
):
    client.force_login(editor)
    response = action(client, "tier", records["tier"])
    assert response.status_code == 200
    listed = [record for _type, record, _url in response.context["dependants"]]
    assert listed == [records["commitment"], records["change"]]
    page = response.content.decode()
    assert "Reassurance force" in page
    assert reverse("admin:tiers_commitment_change", args=[records["commitment"].pk]) in page
    assert "Return to draft and hide the records listed" in page
    assert "<script" not in page.split('id="content"')[1]
    records["tier"].refresh_from_db()
    assert records["tier"].visibility == PUBLISHED


def test_cancelling_changes_nothing(client, editor, records):
    client.force_login(editor)
    page = action(client, "tier", records["tier"]).content.decode()
    cancel = reverse("admin:tiers_tier_changelist")
    assert f'href="{cancel}" class="button cancel-link"' in page
    client.get(cancel)
    records["tier"].refresh_from_db()
    assert records["tier"].visibility == PUBLISHED
    assert Commitment.objects.public().count() == 1


def test_confirming_hides_the_dependants_everywhere_and_brings_them_back_with_it(
    client, editor, records
):
    client.force_login(editor)
    first = action(client, "tier", records["tier"])
    key = first.context["form"].initial["dependants"]
    action(client, "tier", records["tier"], reason="Tier renamed", dependants=key)
    tier, commitment = records["tier"], records["commitment"]
    tier.refresh_from_db()
    commitment.refresh_from_db()
    assert tier.visibility == DRAFT
    assert commitment.visibility == PUBLISHED  # it keeps its own
    assert not Commitment.objects.public().exists()
    assert not StatusChange.objects.public().exists()
    client.logout()
    for url in ["/en/changes/", "/en/changes/feed/", "/en/", "/api/v1/commitments/"]:
        body = client.get(url).content.decode()
        assert "Reassurance force" not in body, url
        assert commitment.slug not in body, url
    # Still editable by an editor while hidden, and back with its change log once the tier is.
    client.force_login(editor)
    url = reverse("admin:tiers_commitment_change", args=[commitment.pk])
    data = form_data(client.get(url)) | {"description_en": "Edited while its tier is a draft."}
    assert client.post(url, data).status_code == 302
    assert workflow.apply(workflow.SUBMIT, [tier], editor).ok
    assert workflow.apply(workflow.PUBLISH, [tier], editor).ok
    client.logout()
    changes = client.get("/en/changes/").content.decode()
    assert changes.count("Reassurance force") >= 2  # the commitment and its status change
    assert "Reassurance force" in client.get("/en/changes/feed/").content.decode()
    page = client.get(commitment.get_absolute_url())
    assert page.status_code == 200
    assert "Edited while its tier is a draft." in page.content.decode()


def test_a_speaker_returned_to_draft_takes_its_statements_off_the_change_log(
    client, editor, records
):
    client.force_login(editor)
    first = action(client, "actor", records["speaker"])
    assert [r for _t, r, _u in first.context["dependants"]] == [records["statement"]]
    key = first.context["form"].initial["dependants"]
    action(client, "actor", records["speaker"], reason="Wrong person", dependants=key)
    assert not Statement.objects.public().exists()
    client.logout()
    for url in ["/en/changes/", "/en/changes/feed/"]:
        body = client.get(url).content.decode()
        assert "We shall be there." not in body and records["statement"].slug not in body, url


def test_a_dependant_that_appeared_meanwhile_is_shown_before_anything_changes(
    client, editor, records
):
    client.force_login(editor)
    first = action(client, "actor", records["speaker"])
    key = first.context["form"].initial["dependants"]
    later = StatementFactory(speaker=records["speaker"], quote="Said after the page opened.")
    again = action(client, "actor", records["speaker"], reason="Wrong person", dependants=key)
    assert again.status_code == 200
    assert later in [r for _t, r, _u in again.context["dependants"]]
    records["speaker"].refresh_from_db()
    assert records["speaker"].visibility == PUBLISHED


def test_no_confirmation_is_asked_when_nothing_depends_on_the_selection(client, editor, db):
    membership = MembershipFactory()
    client.force_login(editor)
    response = action(client, "membership", membership)
    assert response.context["dependants"] == []
    action(client, "membership", membership, reason="Ended")
    membership.refresh_from_db()
    assert membership.visibility == DRAFT


def test_a_record_cannot_be_published_under_a_hidden_parent(db, editor, records):
    tier = records["tier"]
    assert workflow.apply(workflow.RETURN_TO_DRAFT, [tier], editor, "Checking").ok
    commitment = CommitmentFactory(tier=tier, visibility=REVIEW)
    outcome = workflow.apply(workflow.PUBLISH, [commitment], editor)
    assert not outcome.ok
    assert outcome.refused[0][1][0] == f"Its tier “{tier}” is not published yet."
    change = StatusChangeFactory(commitment=records["commitment"], visibility=REVIEW)
    refused = workflow.apply(workflow.PUBLISH, [change], editor).refused
    assert "published but hidden" in refused[0][1][0]
