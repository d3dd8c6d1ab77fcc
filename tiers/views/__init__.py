"""The public pages for readers: thin views over the models' public querysets."""

from .about import about
from .actors import actor_detail, actor_list
from .commitments import commitment_detail, commitment_list
from .home import home
from .sources import source_detail
from .statements import statement_detail, statement_list
from .tiers import tier_detail
from .timeline import timeline

__all__ = [
    "about",
    "actor_detail",
    "actor_list",
    "commitment_detail",
    "commitment_list",
    "home",
    "source_detail",
    "statement_detail",
    "statement_list",
    "tier_detail",
    "timeline",
]
