from django.shortcuts import render

from ..cache_tags import depends_on_lists
from ..filters.site_search import SiteSearchForm
from ..models import Actor, Commitment, Source, Statement, Tier
from ..models.search import SEARCH_RANKED
from ..site_search import BY_KEY, GROUPS
from .pagination import first_with_count, paginate

SHOWN = 5  # results of each type on the page of every type
PER_PAGE = 20  # results of one type, page by page


def site_search(request):
    # Every type: for each of the four, its first few with their count (up to SEARCH_RANKED); the
    # statements' translations (5). One type: its count and its page (2, statements 3).
    depends_on_lists(Commitment, Actor, Statement, Source, Tier)
    form = SiteSearchForm(request.GET)
    valid = form.valid_values()
    text = valid.get("q", "").strip()
    context = {"form": form, "query": text, "group": None, "groups": []}
    if text and (group := BY_KEY.get(valid.get("type", ""))):
        context["group"] = group
        context["page"] = paginate(
            request, group.matches(text), PER_PAGE, SEARCH_RANKED, by_key=True
        )
    elif text:
        for group in GROUPS:
            found, total = first_with_count(group.matches(text), SHOWN, SEARCH_RANKED)
            context["groups"].append((group, total, found))
        context["found_any"] = any(total for _group, total, _found in context["groups"])
    return render(request, "tiers/search.html", context)
