from django.shortcuts import get_object_or_404, render

from .. import structured_data
from ..cache_tags import depends_on_links, depends_on_lists
from ..figures import public_figures, totals
from ..filters import ActorFilter
from ..models import Actor, Commitment
from ..open_data.release_views import readable_as_of
from .pagination import RECORD_COUNT_LIMIT, bounded_count, bounded_ids, paginate

PER_PAGE = 50
COMMITMENTS = 10  # and STATEMENTS: the newest of each; "All …" leads to the whole list
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
    commitments = Commitment.objects.public().involving(actor)
    ids, commitment_count = bounded_ids(commitments)
    if ids is None:
        figures = public_figures(commitment__in=commitments.values("pk"))
    else:
        commitments = Commitment.objects.public().filter(pk__in=ids)
        # Public commitments, just read: their figures need not join them again to check.
        figures = public_figures(known=("commitment",), commitment__in=ids)
    # Read through the actor's related managers, which give each row this actor rather than a
    # copy of it joined and built again per row; it is public, so its condition is left out.
    statements = actor.statements.public(known=("speaker",))
    member_of = list(
        actor.memberships.public(known=("member",)).select_related("organisation", "source")[
            :MEMBERSHIPS
        ]
    )
    context = {
        "actor": actor,
        "memberships": member_of,
        "members": actor.members.public(known=("organisation",)).select_related("member", "source")[
            :MEMBERSHIPS
        ],
        "commitments": commitments.select_related("tier", "lead_actor").newest_first()[
            :COMMITMENTS
        ],
        "commitment_count": commitment_count,
        "statements": statements.with_translations().newest_first()[:STATEMENTS],
        "statement_count": bounded_count(statements, RECORD_COUNT_LIMIT),
        "totals": totals(figures),
        "structured_data": structured_data.actor(request, actor, member_of),
    }
    return render(request, "tiers/actor_detail.html", context)
