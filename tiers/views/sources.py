from django.shortcuts import get_object_or_404, render

from .. import structured_data
from ..cache_tags import depends_on_links
from ..models import Commitment, Membership, Source, Statement
from ..open_data.release_views import readable_as_of
from .pagination import RECORD_COUNT_LIMIT, bounded_count

SHOWN = 10  # of each kind of record citing the source; "All …" leads to the whole list


@readable_as_of("sources", "key")
def source_detail(request, key):
    # 1 the source; for commitments, statements and status changes a count and the first
    # few (6); 8 memberships.
    source = get_object_or_404(Source.objects.public(), key=key)
    depends_on_links(source)
    commitments = Commitment.objects.public().filter(sources=source)
    statements = Statement.objects.public().filter(sources=source)
    # Through the source's related manager, which gives each change this source rather than a
    # copy of it joined and built again per row.
    changes = source.status_changes.public()
    context = {
        "source": source,
        "commitments": commitments.select_related("tier", "lead_actor").newest_first()[:SHOWN],
        "commitment_count": bounded_count(commitments, RECORD_COUNT_LIMIT),
        "statements": statements.select_related("speaker")
        .with_translations()
        .newest_first()[:SHOWN],
        "statement_count": bounded_count(statements, RECORD_COUNT_LIMIT),
        "changes": changes.select_related("commitment", "statement__speaker").order_by(
            "-occurred_on", "-pk"
        )[:SHOWN],
        "change_count": bounded_count(changes, RECORD_COUNT_LIMIT),
        "memberships": Membership.objects.public()
        .filter(source=source)
        .select_related("member", "organisation")[:SHOWN],
        "structured_data": structured_data.source(request, source),
    }
    return render(request, "tiers/source_detail.html", context)
