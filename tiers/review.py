"""What the editors' review queue shows: records in review, how each differs from what readers
saw last, and the records returned to draft with their reasons.

Every record's latest historical row is the record as it is now (each save writes one, see
tiers/models/history.py), so a record's difference from its published version is the difference
between two historical rows: the latest one and the latest one in which it was published. The
fields compared are those of the public change log (``tiers.history.public_fields``): every
editable column, each language's column of a translated field included, and the cited relations.
Everything is read in a fixed number of queries per record type, however many records wait.
"""

from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from .history import (
    _relation_sets,
    field_label,
    history_model,
    public_changes_between,
    public_fields,
)
from .models import Visibility
from .models.base import curated_models
from .models.history import TRACKED_RELATIONS
from .partial_dates import PartialDate

DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED
SHOWN_PER_TYPE = 100  # records of one type on the page; the change list has the rest


@dataclass
class Difference:
    """One record's changes since it was last published (``published_at`` None: never was)."""

    published_at: object = None
    rows: list = field(default_factory=list)  # (label, before, after)


def queue_models() -> list:
    return [m for m in curated_models() if m in TRACKED_RELATIONS]


def review_count() -> int:
    """How many records wait for an editor, all types together."""
    return sum(m._default_manager.filter(visibility=REVIEW).count() for m in queue_models())


def in_review(model):
    queryset = model._default_manager.filter(visibility=REVIEW).order_by("-updated_at", "-pk")
    shown_with = list(model.SHOWN_WITH)
    return queryset.select_related(*shown_with) if shown_with else queryset


def _latest_rows(model, ids, **conditions):
    """{record id: its latest historical row (meeting ``conditions``)}."""
    if not ids:
        return {}
    rows = history_model(model).objects.filter(id__in=ids, **conditions)
    newest = rows.values("id").annotate(newest=Max("history_id")).values("newest")
    found = history_model(model).objects.filter(history_id__in=Subquery(newest))
    return {row.id: row for row in found}


def differences(model, records) -> dict:
    """{record id: Difference} for these records of ``model``."""
    ids = [record.pk for record in records]
    now = _latest_rows(model, ids)
    before = _latest_rows(model, ids, visibility=PUBLISHED)
    relations = _relation_sets(model, [*now.values(), *before.values()])
    labels = _Labels(model)
    found = {}
    for pk in ids:
        newer, older = now.get(pk), before.get(pk)
        if newer is None:
            found[pk] = Difference()
            continue
        if older is None:  # never published: everything it holds is new
            names = [n for n in public_fields(model) if _value(model, newer, n, relations)]
        else:
            names = public_changes_between(model, older, newer, relations)
        difference = Difference(published_at=older.history_date if older else None)
        for name in _merged(model, names):
            after = _value(model, newer, name, relations)
            previous = _value(model, older, name, relations) if older else None
            difference.rows.append((name, previous, after))
        labels.want(difference.rows)
        found[pk] = difference
    labels.fetch()
    for difference in found.values():
        difference.rows = [
            (labels.field(name), labels.show(name, old), labels.show(name, new))
            for name, old, new in difference.rows
        ]
    return found


def _partial_date_base(model, name):
    for suffix in ("_on", "_precision"):
        base = name.removesuffix(suffix)
        if base != name and {f"{base}_on", f"{base}_precision"} <= _attnames(model):
            return base
    return None


def _attnames(model):
    return {f.attname for f in model._meta.concrete_fields}


def _merged(model, names):
    """The names, with a partial date's two columns as one (its ``_on`` column)."""
    merged = []
    for name in names:
        base = _partial_date_base(model, name)
        name = f"{base}_on" if base else name
        if name not in merged:
            merged.append(name)
    return merged


def _value(model, row, name, relations):
    if name in TRACKED_RELATIONS[model]:
        return relations[row.pk].get(name, frozenset())
    base = _partial_date_base(model, name)
    if base:
        date = PartialDate.from_fields(
            getattr(row, f"{base}_on"), getattr(row, f"{base}_precision")
        )
        return date.isoformat() if date else ""
    return getattr(row, name)


class _Labels:
    """Names for the values shown: related records by their label, choices by theirs; the
    related records of each type read in one query."""

    def __init__(self, model):
        self.model = model
        self.wanted: dict = {}
        self.names: dict = {}

    def _target(self, name):
        if name in TRACKED_RELATIONS[self.model]:
            return self.model._meta.get_field(name).related_model
        model_field = self._model_field(name)
        if model_field is not None and model_field.is_relation:
            return model_field.related_model
        return None

    def _model_field(self, name):
        for model_field in self.model._meta.concrete_fields:
            if model_field.attname == name:
                return model_field
        return None

    def want(self, rows):
        for name, old, new in rows:
            target = self._target(name)
            if target is None:
                continue
            for value in (old, new):
                ids = value if isinstance(value, frozenset) else {value} - {None}
                self.wanted.setdefault(target, set()).update(ids)

    def fetch(self):
        for target, ids in self.wanted.items():
            if ids:
                for record in target._default_manager.filter(pk__in=ids):
                    self.names[(target, record.pk)] = str(record)

    def field(self, name):
        base = _partial_date_base(self.model, name)
        if base:
            return field_label(self.model, f"{base}_on")
        return field_label(self.model, name)

    def show(self, name, value):
        if value is None or value == "":
            return "–"
        target = self._target(name)
        if target is not None:
            ids = value if isinstance(value, frozenset) else [value]
            names = sorted(self.names.get((target, pk), f"#{pk}") for pk in ids)
            return "; ".join(names) or "–"
        model_field = self._model_field(name)
        if model_field is not None and model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return str(value)


# -- returned to draft ---------------------------------------------------------------------------


def returned_to_draft(model, *, submitted_by=None, ids=None, limit=SHOWN_PER_TYPE):
    """Draft records that an editor sent back, each with the historical row that did (its
    ``history_change_reason`` holds the reason, ``history_user`` who returned it); only those
    that ``submitted_by`` had submitted, when given."""
    History = history_model(model)
    earlier = History.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    rows = (
        History.objects.filter(visibility=DRAFT)
        .filter(history_id__in=Subquery(_newest_ids(model, ids)))
        .annotate(
            was=Subquery(earlier.order_by("-history_id").values("visibility")[:1]),
            submitter=Subquery(
                earlier.filter(visibility=REVIEW).order_by("-history_id").values("history_user")[:1]
            ),
        )
        .filter(was__in=[REVIEW, PUBLISHED])
        .select_related("history_user")
        .order_by("-history_date")
    )
    if submitted_by is not None:
        rows = rows.filter(submitter=submitted_by.pk)
    return list(rows[:limit])


def _newest_ids(model, ids=None):
    current = model._default_manager.filter(visibility=DRAFT)
    if ids is not None:
        current = current.filter(pk__in=ids)
    History = history_model(model)
    return (
        History.objects.filter(id__in=current.values("pk"))
        .values("id")
        .annotate(newest=Max("history_id"))
        .values("newest")
    )


def return_reason(record):
    """The reason an editor gave when returning this draft record, or None. One query, whatever
    the record's state, so that a change form reads as many for every record."""
    if record.pk is None:
        return None
    rows = returned_to_draft(type(record), ids=[record.pk], limit=1)
    return rows[0] if rows else None
