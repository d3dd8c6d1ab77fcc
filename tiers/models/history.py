"""Every curated record keeps its history with django-simple-history.

Each save writes one historical row: who, when, why (the change reason) and a copy of every
field, plus, for commitments and statements, which actors, sources, tiers and commitments they
cited at that moment. Bulk paths write their rows through ``tiers.history``, which also keeps
the public change log up to date after each single save (connected in ``tiers.signals``).
"""

import simple_history
from simple_history.models import HistoricalRecords

from .actor import Actor, Membership
from .commitment import Commitment
from .figure import Figure
from .source import Source
from .statement import Statement
from .status_change import StatusChange
from .tier import Tier


class CuratedHistoricalRecords(HistoricalRecords):
    """Historical records that an admin save can write as one row rather than one per relation.

    Setting the many-to-many fields of a saved record sends one signal per field and per add or
    remove, each of which would otherwise write its own row. While ``_history_m2m_deferred`` is
    set on the instance those signals are ignored, and the caller snapshots the relations once
    they are all saved (``tiers.history.snapshot_relations``).
    """

    by_model: dict[type, "CuratedHistoricalRecords"] = {}

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            CuratedHistoricalRecords.by_model[sender] = self

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if getattr(instance, "_history_m2m_deferred", False):
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


# Which many-to-many relations are part of a record's history.
TRACKED_RELATIONS = {
    Tier: [],
    Actor: [],
    Membership: [],
    Source: [],
    Commitment: ["actors", "sources"],
    StatusChange: [],
    Figure: [],
    Statement: ["tiers", "commitments", "sources"],
}


def register_history():
    """Give every curated record its history. Called from tiers/translation.py once the records'
    translated columns (<field>_en, <field>_uk) exist, so that the historical tables copy them
    too; models registered earlier would miss them."""
    for model, relations in TRACKED_RELATIONS.items():
        if model not in CuratedHistoricalRecords.by_model:
            simple_history.register(
                model, records_class=CuratedHistoricalRecords, m2m_fields=relations
            )
