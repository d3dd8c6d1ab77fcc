from django.shortcuts import get_object_or_404, render

from .. import structured_data
from ..cache_tags import depends_on_links, depends_on_lists
from ..figures import public_figures, totals
from ..filters import ActorFilter
from ..models import Actor, Commitment, Membership, Statement
from ..open_data.release_views import readable_as_of
from .pagination import RECORD_COUNT_LIMIT, bounded_count, bounded_ids, paginate

PER_PAGE = 50
COMMITMENTS = 20
STATEMENTS = 10
MEMBERSHIPS = 100


def actor_list(request):
    # 1 count, 2 the page.
    depends_on_lists(Actor)
    filters = ActorFilter(request.GET, queryset=Actor.objects.public())
    page = paginate(request, filters.qs, PER_PAGE)
    return render(request, "tiers/actor_list.html", {"form": filters.form, "page": page})


@readable_as_of("actors", "slug")
def actor_detail(request, slug):
    # 1 actor, 2 its places in others, 3 members in it, 4–5 its commitments' ids (and so their
    # count) and the newest of them, 6–7 statements and their count, 8 the figures of its
    # commitments for the totals.
    actor = get_object_or_404(Actor.objects.public(), slug=slug)
    depends_on_links(actor)
    memberships = Membership.objects.public().select_related("organisation", "source")
    commitments = Commitment.objects.public().involving(actor)
    ids, commitment_count = bounded_ids(commitments)
    if ids is not None:
        commitments = Commitment.objects.public().filter(pk__in=ids)
    statements = Statement.objects.public().filter(speaker=actor)
    member_of = list(memberships.filter(member=actor)[:MEMBERSHIPS])
    context = {
        "actor": actor,
        "memberships": member_of,
        "members": memberships.filter(organisation=actor).select_related("member")[:MEMBERSHIPS],
        "commitments": commitments.select_related("tier", "lead_actor").newest_first()[
            :COMMITMENTS
        ],
        "commitment_count": commitment_count,
        "statements": statements.select_related("speaker")
        .with_translations()
        .newest_first()[:STATEMENTS],
        "statement_count": bounded_count(statements, RECORD_COUNT_LIMIT),
        "totals": totals(public_figures(commitment__in=commitments.values("pk"))),
        "structured_data": structured_data.actor(request, actor, member_of),
    }
    return render(request, "tiers/actor_detail.html", context)
