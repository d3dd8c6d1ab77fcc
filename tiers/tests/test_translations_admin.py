"""Both languages in the admin: side by side, a "Ukrainian missing" filter, a warning on publish."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tiers import workflow
from tiers.models import Visibility
from tiers.tests.factories import CommitmentFactory, StatementFactory, TierFactory

pytestmark = pytest.mark.django_db


def test_the_form_shows_both_languages_of_a_field_on_one_row(staff_client):
    tier = TierFactory()
    text = staff_client.get(reverse("admin:tiers_tier_change", args=[tier.pk])).content.decode()
    row = text.split('name="name_en"')[0].rsplit('<div class="form-row', 1)[1]
    assert "field-name_en" in row and "field-name_uk" in row
    assert 'name="name_uk"' in text and 'name="summary_uk"' in text


def test_the_status_change_inline_has_a_column_per_language(staff_client):
    commitment = CommitmentFactory()
    url = reverse("admin:tiers_commitment_change", args=[commitment.pk])
    text = staff_client.get(url).content.decode()
    assert "status_changes-0-summary_en" in text or "status_changes-__prefix__-summary_en" in text
    assert "summary_uk" in text
    assert (
        "translations-__prefix__-text"
        in staff_client.get(
            reverse("admin:tiers_statement_change", args=[StatementFactory().pk])
        ).content.decode()
    )


def test_the_changelist_filters_records_missing_ukrainian(staff_client):
    TierFactory(number=1, name="Done", name_uk="Готово", summary="S", summary_uk="С")
    TierFactory(number=2, name="Half", name_uk="Наполовину", summary="S")
    TierFactory(number=3, name="None")
    url = reverse("admin:tiers_tier_changelist")
    missing = staff_client.get(url, {"ukrainian": "missing"}).context["cl"].result_list
    complete = staff_client.get(url, {"ukrainian": "complete"}).context["cl"].result_list
    assert sorted(t.number for t in missing) == [2, 3]
    assert [t.number for t in complete] == [1]


def test_publishing_without_ukrainian_warns_and_publishes(client, editor):
    commitment = CommitmentFactory(visibility=Visibility.REVIEW, title="Air policing")
    client.force_login(editor)
    response = client.post(
        reverse("admin:tiers_commitment_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [commitment.pk]},
        follow=True,
    )
    text = [str(m) for m in response.context["messages"]]
    assert any("Air policing" in m and "No Ukrainian text yet for: title" in m for m in text), text
    commitment.refresh_from_db()
    assert commitment.visibility == Visibility.PUBLISHED


def test_the_completeness_check_names_the_missing_translations():
    statement = StatementFactory(quote="We will help.", translations={"uk": "Ми допоможемо."})
    assert workflow.translation_warnings(statement) == []
    statement = StatementFactory(language="fr", quote="Nous aiderons.", occasion="Summit")
    warnings = workflow.translation_warnings(statement)
    assert any("occasion" in w for w in warnings)
    assert sum("no translation into" in w for w in warnings) == 2
