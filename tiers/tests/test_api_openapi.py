"""The OpenAPI document describes every address of the API and matches its real responses.

The schemathesis run in .ci/run generates requests against a live server; here the document is
checked in process against responses for the seed and for records that fill every optional field.
"""

import datetime
from decimal import Decimal

import pytest
import requests
import schemathesis
from django.urls import reverse
from schemathesis.core.transport import Response

from tiers.models import Actor, Commitment, Figure, QuoteTranslation, Source
from tiers.open_data.api.resources import RESOURCES
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def check(client, schema, path_template, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    request = requests.Request("GET", f"http://testserver{url}").prepare()
    headers = {name: [value] for name, value in response.headers.items()}
    wrapped = Response(response.status_code, headers, response.content, request, 0.0, True)
    schema[path_template]["GET"].validate_response(wrapped)
    return response.json()


def test_it_describes_every_address(document):
    assert document["openapi"].startswith("3.")
    for resource in RESOURCES:
        list_url = reverse(f"api:{resource.name}-list")
        detail_url = reverse(f"api:{resource.singular}-detail", args=["x"])
        assert f"/api/v1/{resource.name}/" == list_url
        assert f"/{resource.name}/" in document["paths"]
        assert detail_url.startswith(f"/api/v1/{resource.name}/")
        assert f"/{resource.name}/{{{resource.lookup}}}/" in document["paths"]


def test_the_seed_responses_match_the_document(client, seed, document):
    schema = schemathesis.openapi.from_dict(document)
    if not Figure.objects.public().exists():  # until the seed states figures of its own
        commitment = Commitment.objects.public().first()
        FigureFactory(commitment=commitment, source=Source.objects.public().first())
    for resource in RESOURCES:
        page = check(client, schema, f"/{resource.name}/", f"/api/v1/{resource.name}/")
        assert page["count"] > 0, resource.name
        for record in page["results"]:
            key = record[resource.lookup]
            check(
                client,
                schema,
                f"/{resource.name}/{{{resource.lookup}}}/",
                f"/api/v1/{resource.name}/{key}/",
            )


def test_every_optional_field_filled_matches_the_document(client, document):
    schema = schemathesis.openapi.from_dict(document)
    source = SourceFactory(accessed_on=datetime.date(2026, 2, 3), archived_url="https://a.example")
    commitment = CommitmentFactory(
        condition=Commitment.Condition.OTHER,
        condition_description="A ceasefire holds for 30 days.",
        sources=[source],
    )
    statement = StatementFactory(
        language="uk",
        translated_by="The tracker",
        place="Kyiv",
        on_behalf_of=ActorFactory(kind=Actor.Kind.STATE, iso_code="UA", wikidata_id="Q212"),
        commitments=[commitment],
        tiers=[commitment.tier],
    )
    change = StatusChangeFactory(commitment=commitment, statement=statement, legal_form="signed")
    FigureFactory(
        commitment=commitment,
        status_change=change,
        value=Decimal("1500000000.50"),
        period_start_on=datetime.date(2025, 1, 1),
        period_start_precision="year",
        period_end_on=datetime.date(2026, 3, 1),
        period_end_precision="month",
        source=source,
        rank=Figure.Rank.PREFERRED,
        note="Over two years.",
    )
    FigureFactory(
        commitment=commitment,
        kind=Figure.Kind.GDP_SHARE,
        value=Decimal("0.25"),
        currency="",
        source=SourceFactory(visibility="draft"),
    )
    FigureFactory(
        commitment=commitment, kind=Figure.Kind.QUANTITY, value=12, currency="", unit="aircraft"
    )
    QuoteTranslation.objects.create(statement=statement, language="en", text="We will help.")
    QuoteTranslation.objects.create(
        statement=statement, language="fr", text="Nous aiderons.", source=source
    )
    StatusChangeFactory(commitment=commitment, statement=statement, legal_form="signed")
    MembershipFactory(
        start_on=datetime.date(2024, 10, 1),
        start_precision="day",
        end_on=datetime.date(2025, 1, 1),
        end_precision="year",
    )
    for resource in RESOURCES:
        check(client, schema, f"/{resource.name}/", f"/api/v1/{resource.name}/")
    check(client, schema, "/commitments/{slug}/", f"/api/v1/commitments/{commitment.slug}/")


def test_errors_match_the_document(client, document):
    schema = schemathesis.openapi.from_dict(document)
    check(client, schema, "/commitments/", "/api/v1/commitments/?page=abc", status=400)
    check(client, schema, "/commitments/", "/api/v1/commitments/?page=9", status=404)
    check(client, schema, "/commitments/{slug}/", "/api/v1/commitments/nothing/", status=404)
