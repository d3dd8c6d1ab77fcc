"""Every admin changelist, add and change page renders with a fixed number of queries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tiers import synthetic
from tiers.models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
)
from tiers.tests.factories import FigureFactory, MembershipFactory, StatusChangeFactory

MODELS = [Tier, Actor, Membership, Source, Commitment, StatusChange, Figure, Statement]

# Queries per page, identical at both data sizes. Each page runs: the session and the user,
# then the page's own queries (counts, filters, date hierarchy, rows, related labels).
PINNED = {
    # changelist: session, user, count, total count, filters / date hierarchy, rows
    ("tier", "changelist"): 5,
    ("tier", "add"): 3,  # session, user, content type
    ("tier", "change"): 4,  # … and the tier
    ("actor", "changelist"): 5,
    ("actor", "add"): 3,
    ("actor", "change"): 7,  # … memberships with both actors, their organisations and sources
    ("membership", "changelist"): 7,
    ("membership", "add"): 3,
    ("membership", "change"): 9,  # … one query per autocomplete field
    ("source", "changelist"): 7,
    ("source", "add"): 3,
    ("source", "change"): 4,
    ("commitment", "changelist"): 8,
    ("commitment", "add"): 4,  # … the tier choices
    # … status changes, their sources and statements at once; figures, their sources and
    # status changes at once
    ("commitment", "change"): 16,
    ("statuschange", "changelist"): 8,
    ("statuschange", "add"): 3,
    ("statuschange", "change"): 6,
    ("figure", "changelist"): 7,
    ("figure", "add"): 3,
    ("figure", "change"): 6,
    ("statement", "changelist"): 9,
    ("statement", "add"): 3,
    ("statement", "change"): 11,
}


def _dataset(commitments, relations):
    synthetic.generate(commitments=commitments, statements=commitments, seed=7)
    busy_commitment = Commitment.objects.order_by("pk").first()
    busy_actor = Actor.objects.order_by("pk").first()
    # A statement that concerns a commitment, so that its page lists the commitments it cites.
    statement = Statement.objects.filter(commitments__isnull=False).order_by("pk").first()
    start = datetime.date(2000, 1, 1)
    for n in range(relations):
        change = StatusChangeFactory(
            commitment=busy_commitment,
            occurred_on=start + datetime.timedelta(days=n),
            statement=statement,
        )
        FigureFactory(commitment=busy_commitment, status_change=change)
        MembershipFactory(
            member=busy_actor, start_on=start + datetime.timedelta(days=n), start_precision="day"
        )
    return {model: model.objects.order_by("pk").first() for model in MODELS} | {
        Commitment: busy_commitment,
        Actor: busy_actor,
        Statement: statement,
    }


def _pages(objects):
    for model in MODELS:
        name = model._meta.model_name
        yield (name, "changelist"), reverse(f"admin:tiers_{name}_changelist")
        yield (name, "add"), reverse(f"admin:tiers_{name}_add")
        yield (name, "change"), reverse(f"admin:tiers_{name}_change", args=[objects[model].pk])


def _measure(client, objects):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for key, url in _pages(objects):
        # Content types are cached per process; start each page from the same state.
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[key] = len(ctx.captured_queries)
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize("commitments,relations", [(10, 3), (1000, 120)])
def test_admin_pages_run_a_fixed_number_of_queries(staff_client, commitments, relations):
    objects = _dataset(commitments, relations)
    assert _measure(staff_client, objects) == PINNED
