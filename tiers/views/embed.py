"""Cards other sites may frame: a commitment, an actor, a tier's chart (docs/embedding.md).

Only these responses may be framed, by any site: they say so in their own
Content-Security-Policy (the site's policy with ``frame-ancestors *``, written here so that the
page cache keeps it with the copy) and carry no X-Frame-Options. They set no cookie and show
nothing of the reader: the template (tiers/embed/base.html) reads neither the session nor the
user, so an editor signed in sees the card a stranger sees, without admin links. Each links back
to the full record, opened outside the frame.
"""

import functools

from csp.constants import HEADER
from csp.utils import build_policy
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import summaries
from ..cache_tags import depends_on_lists
from ..charts import progress_chart
from ..models import Actor, Commitment, Tier
from .pagination import RECORD_COUNT_LIMIT, bounded_count

FRAMED_BY = {"frame-ancestors": ["*"]}


def framable_policy() -> str:
    """The site's Content-Security-Policy, but for who may frame the response."""
    return build_policy(replace=FRAMED_BY)


def embeddable(view):
    """Let any site frame the view's response (and only this view's)."""

    @functools.wraps(view)
    @require_safe
    def wrapped(request, **kwargs):
        response = view(request, **kwargs)
        response[HEADER] = framable_policy()
        response.xframe_options_exempt = True
        # Loaded into other sites' pages, even those that require it of what they embed.
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response

    return wrapped


@embeddable
def commitment_card(request, slug):
    # 1 the commitment with its tier and lead actor.
    commitment = get_object_or_404(
        Commitment.objects.public().select_related("tier", "lead_actor"), slug=slug
    )
    depends_on_lists()  # the commitment, its tier and lead actor: tagged as they load
    return render(
        request, "tiers/embed/commitment.html", {"commitment": commitment, "record": commitment}
    )


@embeddable
def actor_card(request, slug):
    # 1 the actor, 2 how many public commitments involve it (bounded).
    actor = get_object_or_404(Actor.objects.public(), slug=slug)
    depends_on_lists(Commitment)
    context = {
        "actor": actor,
        "record": actor,
        "commitment_count": bounded_count(
            Commitment.objects.public().involving(actor), RECORD_COUNT_LIMIT
        ),
    }
    return render(request, "tiers/embed/actor.html", context)


@embeddable
def tier_chart(request, slug):
    # 1 the tier; the counts by progress are kept between writes (tiers.summaries).
    tier = get_object_or_404(Tier.objects.public(), slug=slug)
    depends_on_lists(Commitment)
    counts = summaries.progress_counts().get(tier.pk, {})
    context = {
        "tier": tier,
        "record": tier,
        "chart": progress_chart(counts, chart_id="embedded-tier-chart"),
        "total": sum(counts.values()),
    }
    return render(request, "tiers/embed/tier_chart.html", context)
