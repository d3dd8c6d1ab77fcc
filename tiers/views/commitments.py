from django.shortcuts import get_object_or_404, render

from ..figures import side_by_side
from ..filters import CommitmentListFilter
from ..models import Commitment
from .pagination import paginate

PER_PAGE = 25
STATEMENTS = 50


def commitment_list(request):
    # Filters: tier, actor and source are each checked with one query when given. Then the
    # count, the page, and the tier and actor choices of the form.
    filters = CommitmentListFilter(
        request.GET,
        queryset=Commitment.objects.public().select_related("tier", "lead_actor").newest_first(),
    )
    page = paginate(request, filters.qs, PER_PAGE)
    source = filters.valid_filters().get("source")
    context = {"form": filters.form, "page": page, "source": source}
    return render(request, "tiers/commitment_list.html", context)


def commitment_detail(request, slug):
    # 1 the commitment with its tier and lead actor, 2 actors, 3 figures with their sources and
    # status changes, 4 published status changes with their sources and evidence, 5 statements,
    # 6 sources.
    commitment = get_object_or_404(
        Commitment.objects.public().select_related("tier", "lead_actor"), slug=slug
    )
    changes = (
        commitment.status_changes.public()
        .select_related("source", "statement__speaker")
        .order_by("occurred_on", "pk")
    )
    statements = commitment.statements.public().select_related("speaker").newest_first()
    figures = commitment.figures.public().select_related("source", "status_change")
    statements = (
        commitment.statements.public().select_related("speaker").with_translations().newest_first()
    )
    context = {
        "commitment": commitment,
        "figure_groups": side_by_side(figures),
        "actors": commitment.actors.public(),
        "changes": changes,
        "statements": statements[:STATEMENTS],
        "sources": commitment.sources.public(),
    }
    return render(request, "tiers/commitment_detail.html", context)
