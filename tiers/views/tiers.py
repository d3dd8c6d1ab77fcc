from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render

from .. import structured_data, summaries
from ..cache_tags import depends_on_links, depends_on_lists
from ..charts import progress_chart
from ..models import Actor, Commitment, Figure, Progress, Statement, StatusChange, Tier
from ..open_data.release_views import readable_as_of

PER_GROUP = 10
ACTORS = 30
STATEMENTS = 6


def newest_of_each(commitments, progresses) -> dict:
    """The newest PER_GROUP commitments of each progress, ``{progress: [commitment, …]}``, in
    two queries: their ids, then the records with their lead actors.

    On PostgreSQL the ids come from the top of tiers_commitment_tier_newest_idx, one range per
    progress in a single UNION ALL: the cost does not grow with the tier's commitments. SQLite
    (which cannot slice the parts of a union) numbers every commitment of the tier in a window.
    """
    if not progresses:
        return {}
    if connections[commitments.db].features.supports_slicing_ordering_in_compound:
        parts = [
            commitments.filter(progress=value)
            .newest_first()
            .values_list("pk", flat=True)[:PER_GROUP]
            for value in progresses
        ]
        ids = list(parts[0].union(*parts[1:], all=True))
    else:
        place = Window(
            RowNumber(),
            partition_by=F("progress"),
            order_by=[F("announced_on").desc(nulls_last=True), "title", "pk"],
        )
        numbered = commitments.annotate(place=place).filter(place__lte=PER_GROUP)
        ids = list(numbered.values_list("pk", flat=True))
    found = {}
    for commitment in commitments.filter(pk__in=ids).select_related("lead_actor").newest_first():
        found.setdefault(commitment.progress, []).append(commitment)
    return found


@readable_as_of("tiers", "slug")
def tier_detail(request, slug):
    # 1 tier, 2 counts by progress, 3–4 the newest commitments of each progress, 5 actors,
    # 6 statements, 7 the figures of its commitments for the totals; the counts, the actors and
    # the totals cost nothing while kept between writes.
    # Counts, the newest of each progress, the busiest actors and the totals: lists of these.
    depends_on_lists(Commitment, Actor, Statement, Figure, StatusChange)
    tier = get_object_or_404(Tier.objects.public(), slug=slug)
    depends_on_links(tier)
    commitments = Commitment.objects.public().filter(tier=tier)
    counts = summaries.progress_counts().get(tier.pk, {})  # kept between writes
    by_progress = newest_of_each(commitments, [value for value, n in counts.items() if n])
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
    actors = summaries.busiest_actors(tier, commitments, ACTORS)  # kept between writes
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
        "totals": summaries.tier_totals(tier),  # kept between writes
        "statements": statements[:STATEMENTS],
        "structured_data": structured_data.tier(request, tier, sum(counts.values())),
    }
    return render(request, "tiers/tier_detail.html", context)
