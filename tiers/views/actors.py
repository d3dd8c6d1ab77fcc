from django.shortcuts import get_object_or_404, render

from ..figures import public_figures, totals
from ..filters import ActorFilter
from ..models import Actor, Commitment, Membership, Statement
from .pagination import paginate

PER_PAGE = 50
COMMITMENTS = 20
STATEMENTS = 10
MEMBERSHIPS = 100


def actor_list(request):
    # 1 count, 2 the page.
    filters = ActorFilter(request.GET, queryset=Actor.objects.public())
    page = paginate(request, filters.qs, PER_PAGE)
    return render(request, "tiers/actor_list.html", {"form": filters.form, "page": page})


def actor_detail(request, slug):
    # 1 actor, 2 its places in others, 3 members in it, 4–5 commitments and their count,
    # 6–7 statements and their count, 8 the figures of its commitments for the totals.
    actor = get_object_or_404(Actor.objects.public(), slug=slug)
    memberships = Membership.objects.public().select_related("organisation", "source")
    commitments = Commitment.objects.public().involving(actor)
    statements = Statement.objects.public().filter(speaker=actor)
    context = {
        "actor": actor,
        "memberships": memberships.filter(member=actor)[:MEMBERSHIPS],
        "members": memberships.filter(organisation=actor).select_related("member")[:MEMBERSHIPS],
        "commitments": commitments.select_related("tier", "lead_actor").newest_first()[
            :COMMITMENTS
        ],
        "commitment_count": commitments.count(),
        "statements": statements.select_related("speaker")
        .with_translations()
        .newest_first()[:STATEMENTS],
        "statement_count": statements.count(),
        "totals": totals(public_figures(commitment__in=commitments.values("pk"))),
    }
    return render(request, "tiers/actor_detail.html", context)
