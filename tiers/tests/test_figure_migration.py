"""Migrations 0009–0011: each commitment's amount becomes a money figure, and back."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tiers", "0008_download_builds")]
AFTER = [("tiers", "0012_figure_role_permissions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_amount_becomes_a_preferred_money_figure_with_the_first_source_and_back():
    apps = migrate(BEFORE)
    Tier = apps.get_model("tiers", "Tier")
    Source = apps.get_model("tiers", "Source")
    Commitment = apps.get_model("tiers", "Commitment")
    tier = Tier.objects.create(number=1, name="T", slug="t", summary="s", visibility="published")
    first = Source.objects.create(key="first", title="First", kind="news", visibility="published")
    second = Source.objects.create(key="second", title="Second", kind="news")
    draft_source = Source.objects.create(key="draft", title="Draft", kind="news")
    common = {"tier": tier, "category": "financing", "visibility": "published"}
    sourced = Commitment.objects.create(
        title="A", slug="a", amount=Decimal("1500000.50"), currency="EUR", **common
    )
    sourced.sources.add(first)
    sourced.sources.add(second)
    Commitment.objects.create(title="B", slug="b", amount=Decimal("7"), currency="USD", **common)
    hidden = Commitment.objects.create(
        title="C", slug="c", amount=Decimal("3"), currency="GBP", **common
    )
    hidden.sources.add(draft_source)
    Commitment.objects.create(title="D", slug="d", **common)

    apps = migrate(AFTER)
    Figure = apps.get_model("tiers", "Figure")
    rows = {
        f.key: (f.commitment.slug, f.kind, f.value, f.currency, f.rank, f.source_id, f.visibility)
        for f in Figure.objects.select_related("commitment")
    }
    assert rows == {
        "a-eur": ("a", "money", Decimal("1500000.5"), "EUR", "preferred", first.pk, "published"),
        "b-usd": ("b", "money", Decimal("7"), "USD", "preferred", None, "draft"),
        "c-gbp": ("c", "money", Decimal("3"), "GBP", "preferred", draft_source.pk, "draft"),
    }
    history = apps.get_model("tiers", "HistoricalFigure").objects.order_by("key")
    assert [(h.key, h.history_type, h.history_change_reason) for h in history] == [
        (key, "+", "Moved from the commitment's amount") for key in ("a-eur", "b-usd", "c-gbp")
    ]

    apps = migrate(BEFORE)
    Commitment = apps.get_model("tiers", "Commitment")
    amounts = dict(Commitment.objects.values_list("slug", "amount"))
    assert amounts == {"a": Decimal("1500000.50"), "b": 7, "c": 3, "d": None}
    migrate(AFTER)
