from django.shortcuts import get_object_or_404, render

from .. import structured_data
from ..cache_tags import depends_on_links, depends_on_lists
from ..figures import side_by_side
from ..filters import CommitmentListFilter
from ..models import Actor, Commitment, Tier
from ..open_data.release_views import readable_as_of
from .pagination import paginate

PER_PAGE = 25
STATEMENTS = 50


def commitment_list(request):
    # Filters: tier, actor and source are each checked with one query when given. Then the
    # count (bounded: tiers/views/pagination.py), the page, and the tier choices of the form.
    # The list, and the tiers and actors of the form.
    depends_on_lists(Commitment, Tier, Actor)
    filters = CommitmentListFilter(
        request.GET,
        queryset=Commitment.objects.public().select_related("tier", "lead_actor").newest_first(),
    )
    page = paginate(request, filters.qs, PER_PAGE)
    source = filters.valid_filters().get("source")
    context = {"form": filters.form, "page": page, "source": source}
    return render(request, "tiers/commitment_list.html", context)


@readable_as_of("commitments", "slug")
def commitment_detail(request, slug):
    # 1 the commitment with its tier and lead actor, 2 actors, 3 figures with their sources and
    # status changes, 4 published status changes with their sources and evidence, 5 statements,
    # 6 sources.
    commitment = get_object_or_404(
        Commitment.objects.public().select_related("tier", "lead_actor"), slug=slug
    )
    depends_on_links(commitment)
    changes = (
        commitment.status_changes.public()
        .select_related("source", "statement__speaker")
        .order_by("occurred_on", "pk")
    )
    statements = (
        commitment.statements.public().select_related("speaker").with_translations().newest_first()
    )
    figures = commitment.figures.public().select_related("source", "status_change")
    actors = list(commitment.actors.public())
    sources = list(commitment.sources.public())
    context = {
        "commitment": commitment,
        "figure_groups": side_by_side(figures),
        "actors": actors,
        "changes": changes,
        "statements": statements[:STATEMENTS],
        "sources": sources,
        "structured_data": structured_data.commitment(request, commitment, actors, sources),
    }
    return render(request, "tiers/commitment_detail.html", context)
