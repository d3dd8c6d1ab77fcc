from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render

from ..charts import progress_chart
from ..figures import public_figures, totals
from ..models import Actor, Commitment, Progress, Statement, Tier

PER_GROUP = 10
ACTORS = 30
STATEMENTS = 6


def tier_detail(request, slug):
    # 1 tier, 2 counts by progress, 3 the newest commitments of each progress, 4 actors,
    # 5 statements, 6 the figures of its commitments for the totals.
    tier = get_object_or_404(Tier.objects.public(), slug=slug)
    commitments = Commitment.objects.public().filter(tier=tier)
    counts = commitments.progress_counts().get(tier.pk, {})
    newest = commitments.annotate(
        place=Window(
            RowNumber(),
            partition_by=F("progress"),
            order_by=[F("announced_on").desc(nulls_last=True), "title", "pk"],
        )
    ).filter(place__lte=PER_GROUP)
    by_progress = {}
    for commitment in newest.select_related("lead_actor").order_by("place"):
        by_progress.setdefault(commitment.progress, []).append(commitment)
    groups = [
        {
            "progress": value,
            "label": label,
            "count": counts[value],
            "commitments": by_progress[value],
        }
        for value, label in [*Progress.choices, ("", "")]
        if counts.get(value)
    ]
    actors = (
        Actor.objects.public()
        .filter(commitments__in=commitments)
        .annotate(commitment_count=Count("commitments"))
        .order_by("-commitment_count", "name")[:ACTORS]
    )
    statements = (
        Statement.objects.public()
        .filter(tiers=tier)
        .select_related("speaker")
        .with_translations()
        .newest_first()
    )
    context = {
        "tier": tier,
        "chart": progress_chart(counts, chart_id="tier-chart"),
        "groups": groups,
        "total": sum(counts.values()),
        "actors": actors,
        "statements": statements[:STATEMENTS],
        "totals": totals(public_figures(commitment__tier=tier)),
    }
    return render(request, "tiers/tier_detail.html", context)
