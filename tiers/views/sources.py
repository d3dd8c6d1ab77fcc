from django.shortcuts import get_object_or_404, render

from ..models import Commitment, Membership, Source, Statement, StatusChange

SHOWN = 20


def source_detail(request, key):
    # 1 the source; for commitments, statements and status changes a count and the first
    # few (6); 8 memberships.
    source = get_object_or_404(Source.objects.public(), key=key)
    commitments = Commitment.objects.public().filter(sources=source)
    statements = Statement.objects.public().filter(sources=source)
    changes = StatusChange.objects.public().filter(source=source)
    context = {
        "source": source,
        "commitments": commitments.select_related("tier", "lead_actor").newest_first()[:SHOWN],
        "commitment_count": commitments.count(),
        "statements": statements.select_related("speaker")
        .with_translations()
        .newest_first()[:SHOWN],
        "statement_count": statements.count(),
        "changes": changes.select_related("commitment", "source", "statement__speaker").order_by(
            "-occurred_on", "-pk"
        )[:SHOWN],
        "change_count": changes.count(),
        "memberships": Membership.objects.public()
        .filter(source=source)
        .select_related("member", "organisation")[:SHOWN],
    }
    return render(request, "tiers/source_detail.html", context)
