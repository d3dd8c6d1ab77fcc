from .actor import Actor, Membership
from .base import CuratedModel, CuratedQuerySet, Visibility
from .commitment import Commitment, LegalForm, Progress, StatusChange
from .source import Source
from .statement import Statement
from .tier import Tier

__all__ = [
    "Actor",
    "Commitment",
    "CuratedModel",
    "CuratedQuerySet",
    "LegalForm",
    "Membership",
    "Progress",
    "Source",
    "Statement",
    "StatusChange",
    "Tier",
    "Visibility",
]
