"""The site's one search over every type of record readers look for (docs/search.md).

Each group names its type, how its public records are searched (each model's ``search``, which
ranks only the first ``SEARCH_RANKED`` matches on PostgreSQL) and the template of one result. The
search page shows a few results of each group, or one group page by page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Actor, Commitment, Source, Statement
from .models.search import SEARCH_RANKED


@dataclass(frozen=True)
class SearchGroup:
    key: str  # the value of ?type=
    label: str
    matches: Callable  # text -> the ranked public records that match it
    item_template: str


def commitments(text):
    queryset = Commitment.objects.public().select_related("tier", "lead_actor")
    return queryset.search(text, newest=SEARCH_RANKED)


def actors(text):
    return Actor.objects.public().search(text, newest=SEARCH_RANKED)


def statements(text):
    queryset = Statement.objects.public().select_related("speaker", "on_behalf_of")
    # The page's translations in one query, with their headlines.
    return queryset.search(text, newest=SEARCH_RANKED).with_translations(text)


def sources(text):
    return Source.objects.public().search(text, newest=SEARCH_RANKED)


ITEMS = "tiers/includes/"
GROUPS = (
    SearchGroup("commitments", _("Commitments"), commitments, f"{ITEMS}_found_commitment.html"),
    SearchGroup("actors", _("Actors"), actors, f"{ITEMS}_found_actor.html"),
    SearchGroup("statements", _("Statements"), statements, f"{ITEMS}_statement_item.html"),
    SearchGroup("sources", _("Sources"), sources, f"{ITEMS}_found_source.html"),
)
BY_KEY = {group.key: group for group in GROUPS}
