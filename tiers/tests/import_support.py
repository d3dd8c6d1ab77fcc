"""What the import and export tests share: a few referenced records and small files."""

import csv
import io

import pytest

from tiers.models import Actor, Source, Tier, Visibility

PUBLISHED = Visibility.PUBLISHED


@pytest.fixture
def references(db):
    """The records that the test files refer to, written in bulk (no history needed here)."""
    Tier.objects.bulk_create(
        Tier(number=n, name=f"Tier {n}", slug=f"tier-{n}", summary="A tier.", visibility=PUBLISHED)
        for n in (1, 2, 3)
    )
    Actor.objects.bulk_create(
        [
            Actor(slug="france", name="France", kind="state", iso_code="FR", visibility=PUBLISHED),
            Actor(
                slug="united-kingdom",
                name="United Kingdom",
                kind="state",
                iso_code="GB",
                visibility=PUBLISHED,
            ),
            Actor(slug="nato", name="NATO", kind="organisation", visibility=PUBLISHED),
        ]
    )
    Source.objects.bulk_create(
        [
            Source(
                key="unn-2026-02-03-rutte-three-levels",
                title="Rutte named three levels",
                url="https://unn.ua/en/news/rutte-named-three-levels",
                kind="news",
                visibility=PUBLISHED,
            )
        ]
    )


def csv_file(*rows: dict) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()
