"""Each rule refuses bad data with a message that names the field, in the model and the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tiers.models import Actor, Commitment, Membership, Source, Statement, Visibility
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_it_refuses_a_country_code_that_does_not_exist():
    actor = Actor(name="Nowhere", slug="nowhere", kind=Actor.Kind.STATE, iso_code="XX")
    assert "ISO 3166-1" in errors_of(actor)["iso_code"][0]


def test_it_accepts_a_real_country_code():
    Actor(name="Ukraine", slug="ukraine", kind=Actor.Kind.STATE, iso_code="UA").full_clean()


def test_it_refuses_a_country_code_on_a_person():
    actor = Actor(name="Someone", slug="someone", kind=Actor.Kind.PERSON, iso_code="FR")
    assert "Only a state" in errors_of(actor)["iso_code"][0]


@pytest.mark.parametrize("value", ["12", "q12", "Q", "Q01", "P31"])
def test_it_refuses_a_malformed_wikidata_id(value):
    actor = Actor(name="NATO", slug="nato", kind=Actor.Kind.ORGANISATION, wikidata_id=value)
    assert "Q followed by digits" in errors_of(actor)["wikidata_id"][0]


@pytest.mark.parametrize("value", ["english", "xx", "EN", "u"])
def test_it_refuses_an_unknown_language_code(value):
    statement = StatementFactory.build(speaker=ActorFactory(), language=value, translation="x")
    assert "ISO 639" in errors_of(statement)["language"][0]


def test_it_requires_a_translation_of_a_quote_not_in_english():
    statement = StatementFactory.build(speaker=ActorFactory(), language="uk", translation="")
    assert "translation" in errors_of(statement)["translation"][0]


def test_it_refuses_a_membership_that_ends_before_it_starts():
    membership = Membership(
        member=ActorFactory(),
        organisation=ActorFactory(),
        role=Membership.Role.MEMBER,
        start_on=datetime.date(2025, 3, 2),
        start_precision="day",
        end_on=datetime.date(2024, 1, 1),
        end_precision="year",
    )
    assert "cannot end before it starts" in errors_of(membership)["end_on"][0]


def test_the_database_refuses_a_membership_that_ends_before_it_starts():
    membership = Membership.objects.create(
        member=ActorFactory(), organisation=ActorFactory(), role=Membership.Role.MEMBER
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(
            start_on=datetime.date(2025, 1, 1),
            start_precision="day",
            end_on=datetime.date(2024, 1, 1),
            end_precision="day",
        )


def test_it_refuses_a_duplicate_slug():
    ActorFactory(slug="france")
    actor = Actor(name="France again", slug="france", kind=Actor.Kind.STATE)
    assert "already exists" in errors_of(actor)["slug"][0]


def test_it_refuses_a_duplicate_source_url_but_allows_many_without_one():
    SourceFactory(url="https://example.org/a")
    SourceFactory(url="", key="no-url-1")
    SourceFactory(url="", key="no-url-2")
    duplicate = Source(key="other", title="Other", kind="news", url="https://example.org/a")
    assert "already has this URL" in errors_of(duplicate)["__all__"][0]


def test_it_refuses_a_date_without_its_precision():
    source = SourceFactory.build(published_on=datetime.date(2025, 8, 1), published_precision="")
    assert "day, month or year" in errors_of(source)["published_precision"][0]


def test_it_refuses_a_published_status_change_without_source():
    change = StatusChangeFactory.build(commitment=CommitmentFactory(), source=None)
    assert "needs a source" in errors_of(change)["source"][0]


def test_the_database_refuses_a_published_status_change_without_source():
    change = StatusChangeFactory(visibility=Visibility.DRAFT, source=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(change).objects.filter(pk=change.pk).update(visibility=Visibility.PUBLISHED)


def test_the_admin_refuses_a_published_commitment_without_source(staff_client):
    tier = TierFactory()
    response = staff_client.post(
        reverse("admin:tiers_commitment_add"),
        {
            "tier": tier.pk,
            "title": "A pledge",
            "slug": "a-pledge",
            "category": "troops",
            "condition": "unconditional",
            "visibility": "published",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["sources"] == ["Cite at least one source before publishing."]
    assert not Commitment.objects.exists()


def test_the_admin_refuses_a_published_statement_without_source(staff_client):
    speaker = ActorFactory()
    response = staff_client.post(
        reverse("admin:tiers_statement_add"),
        {
            "speaker": speaker.pk,
            "slug": "said",
            "quote": "We will help.",
            "language": "en",
            "visibility": "published",
        },
    )
    assert response.context["adminform"].form.errors["sources"]
    assert not Statement.objects.exists()


def test_the_admin_shows_a_bad_country_code_on_its_field(staff_client):
    response = staff_client.post(
        reverse("admin:tiers_actor_add"),
        {
            "name": "Nowhere",
            "slug": "nowhere",
            "kind": "state",
            "iso_code": "XX",
            "visibility": "draft",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    errors = response.context["adminform"].form.errors
    assert "iso_code" in errors and "ISO 3166-1" in errors["iso_code"][0]
    assert not Actor.objects.exists()
