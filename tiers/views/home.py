from django.shortcuts import render

from .. import summaries
from ..cache_tags import depends_on_lists
from ..charts import progress_chart
from ..models import Commitment, PublicChange, Statement, StatusChange, Tier

LATEST = 6


def home(request):
    # 1 tiers, 2 commitment counts per tier and progress, 3 latest changes, 4 latest statements,
    # 5 their translations, 6 when the published content last changed.
    depends_on_lists(Tier, Commitment, StatusChange, Statement)
    tiers = list(Tier.objects.public())
    counts = summaries.progress_counts()  # kept between writes
    for tier in tiers:
        tier.chart = progress_chart(counts.get(tier.pk, {}), chart_id=f"tier-{tier.number}-chart")
    changes = (
        StatusChange.objects.public()
        .select_related("commitment", "source", "statement__speaker")
        .order_by("-occurred_on", "-pk")[:LATEST]
    )
    statements = (
        Statement.objects.public()
        .select_related("speaker")
        .with_translations()
        .newest_first()[:LATEST]
    )
    last_updated = PublicChange.objects.public().values_list("changed_at", flat=True).first()
    context = {
        "tiers": tiers,
        "changes": changes,
        "statements": statements,
        "last_updated": last_updated,
    }
    return render(request, "tiers/home.html", context)
