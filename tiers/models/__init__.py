from .actor import Actor, Membership
from .base import CuratedModel, CuratedQuerySet, Visibility
from .commitment import Commitment, LegalForm, Progress
from .download import DownloadBuild, DownloadFile
from .editorial import Editorial, PublicChange
from .figure import Figure, FigureKind, FigureRank
from .history import CuratedHistoricalRecords, register_history
from .import_batch import ImportBatch
from .release import Release, ReleaseRecord
from .source import Source
from .statement import QuoteTranslation, Statement
from .status_change import StatusChange
from .tier import Tier

__all__ = [
    "Actor",
    "Commitment",
    "CuratedModel",
    "CuratedHistoricalRecords",
    "CuratedQuerySet",
    "DownloadBuild",
    "DownloadFile",
    "Editorial",
    "Figure",
    "FigureKind",
    "FigureRank",
    "ImportBatch",
    "LegalForm",
    "Membership",
    "Progress",
    "PublicChange",
    "QuoteTranslation",
    "Release",
    "ReleaseRecord",
    "Source",
    "Statement",
    "StatusChange",
    "Tier",
    "Visibility",
    "register_history",
]
