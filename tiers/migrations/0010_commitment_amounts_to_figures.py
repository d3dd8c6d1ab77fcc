"""Each commitment's amount becomes a money figure, so that migration 0011 can drop the columns.

The figure takes the amount and currency, the commitment's first source (the first one linked),
rank preferred (it is the commitment's only figure) and the key ``<slug>-<currency>``. It is
published when the commitment and that source are, a draft otherwise (a published figure needs
a published source). Each figure gets one historical row saying where it came from.

Backwards, each commitment takes its preferred money figure (or its first money figure) back as
its amount, and the figures are deleted.
"""

from decimal import ROUND_HALF_EVEN, Decimal

from django.db import migrations
from django.utils import timezone

from tiers.content_version import content_changed

REASON = "Moved from the commitment's amount"
KEY_LENGTH = 200


def figure_key(slug, currency, taken):
    suffix = f"-{currency.lower()}"
    key = f"{slug[: KEY_LENGTH - len(suffix)]}{suffix}"
    number = 2
    while key in taken:  # only when truncation made two slugs alike
        tail = f"-{number}{suffix}"
        key, number = f"{slug[: KEY_LENGTH - len(tail)]}{tail}", number + 1
    taken.add(key)
    return key


def amounts_to_figures(apps, schema_editor):
    db = schema_editor.connection.alias
    Commitment = apps.get_model("tiers", "Commitment")
    Figure = apps.get_model("tiers", "Figure")
    HistoricalFigure = apps.get_model("tiers", "HistoricalFigure")
    Links = Commitment.sources.through
    commitments = Commitment.objects.using(db).filter(amount__isnull=False).order_by("pk")
    taken = set(Figure.objects.using(db).values_list("key", flat=True))
    now, published_any = timezone.now(), False
    for start in range(0, commitments.count(), 500):
        chunk = list(commitments[start : start + 500])
        first_source = {}
        links = Links.objects.using(db).filter(commitment_id__in=[c.pk for c in chunk])
        for link in links.select_related("source").order_by("commitment_id", "pk"):
            first_source.setdefault(link.commitment_id, link.source)
        figures = []
        for commitment in chunk:
            source = first_source.get(commitment.pk)
            public = (
                commitment.visibility == "published"
                and source is not None
                and source.visibility == "published"
            )
            published_any |= public
            figures.append(
                Figure(
                    key=figure_key(commitment.slug, commitment.currency, taken),
                    commitment=commitment,
                    kind="money",
                    value=commitment.amount,
                    currency=commitment.currency,
                    source=source,
                    rank="preferred",
                    visibility="published" if public else "draft",
                )
            )
        figures = Figure.objects.using(db).bulk_create(figures)
        HistoricalFigure.objects.using(db).bulk_create(
            [
                HistoricalFigure(
                    **{
                        field.attname: getattr(figure, field.attname)
                        for field in Figure._meta.concrete_fields
                        if field.attname not in ("created_at", "updated_at")
                    },
                    created_at=now,
                    updated_at=now,
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
                for figure in figures
            ]
        )
    if published_any:
        content_changed(db)


def figures_to_amounts(apps, schema_editor):
    db = schema_editor.connection.alias
    Commitment = apps.get_model("tiers", "Commitment")
    Figure = apps.get_model("tiers", "Figure")
    chosen = {}
    money = Figure.objects.using(db).filter(kind="money").order_by("commitment_id", "pk")
    for figure in money:
        if figure.commitment_id not in chosen or (
            figure.rank == "preferred" and chosen[figure.commitment_id].rank != "preferred"
        ):
            chosen[figure.commitment_id] = figure
    for commitment_id, figure in chosen.items():
        amount = figure.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        Commitment.objects.using(db).filter(pk=commitment_id).update(
            amount=amount, currency=figure.currency
        )
    apps.get_model("tiers", "HistoricalFigure").objects.using(db).all().delete()
    Figure.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0009_figure"),
    ]

    operations = [migrations.RunPython(amounts_to_figures, figures_to_amounts)]
