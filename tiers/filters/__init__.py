"""The filters of the public lists and of the API: one FilterSet per record type (records.py).

The list pages render a FilterSet's form and show its errors beside the controls; the API reads
the same FilterSet strictly (tiers/open_data/api/filtering.py) and describes it in its OpenAPI
document.
"""

from .records import (
    ActorFilter,
    CommitmentFilter,
    CommitmentListFilter,
    FigureFilter,
    MembershipFilter,
    SourceFilter,
    StatementFilter,
    TierFilter,
    TimelineFilter,
)

__all__ = [
    "ActorFilter",
    "CommitmentFilter",
    "CommitmentListFilter",
    "FigureFilter",
    "MembershipFilter",
    "SourceFilter",
    "StatementFilter",
    "TierFilter",
    "TimelineFilter",
]
