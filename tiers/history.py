"""Writing and reading the history of curated records.

Single saves write their historical row through django-simple-history's signals. This module adds
what those signals cannot do alone:

- bulk paths (imports, admin actions on many records) write one row per record in a few queries,
  with the record's relations (sources, actors…) copied alongside;
- an admin save writes one row, taken after its many-to-many fields are saved, instead of one per
  relation changed;
- the public change log (``PublicChange``) is rebuilt from the history of every record whose
  history grew, so that it never shows who made a change nor any state a record was in before an
  editor published it.
"""

import functools
from collections import defaultdict, namedtuple
from itertools import groupby, islice

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from .history_copies import can_copy, copy_into_history, copy_relations_into_history
from .id_runs import id_conditions
from .models import CuratedHistoricalRecords, PublicChange, Visibility
from .models.base import CHUNK, dependant_paths
from .models.history import TRACKED_RELATIONS
from .translation import translated_fields


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def history_model(model):
    return get_history_manager_for_model(model).model


def _records(model) -> CuratedHistoricalRecords:
    return CuratedHistoricalRecords.by_model[model]


# -- writing --------------------------------------------------------------------------------------


def bulk_create_with_history(objs, model, *, user=None, reason="", batch_size=1000):
    """Insert new records and one "created" historical row each; returns the saved records."""
    with transaction.atomic():
        # PostgreSQL and SQLite (3.35 and later) both return the new ids.
        saved = model._default_manager.bulk_create(objs, batch_size=batch_size)
        record_bulk_history(saved, model, created=True, user=user, reason=reason)
    return saved


def bulk_update_with_history(objs, model, fields, *, user=None, reason="", batch_size=1000):
    """Update records in bulk and write one "changed" historical row each."""
    with transaction.atomic():
        count = model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        record_bulk_history(objs, model, created=False, user=user, reason=reason)
    return count


def record_bulk_history(objs, model, *, created, user=None, reason="", batch_size=1000):
    """Write one historical row for each of ``objs``, already saved, with their relations.

    For code that saves records itself in bulk (imports): the rows record the records and their
    many-to-many relations as they are in the database now, copied there by the database
    (``tiers.history_copies``). Records carrying a history user, date or reason of their own,
    or a historical table with fields of its own, are written through simple-history's
    instances instead. Returns the new rows' history ids.
    """
    objs = list(objs)
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return []
    historical = history_model(model)
    when = timezone.now()
    own_attributes = ("_history_user", "_history_date", "_change_reason")
    if can_copy(model, historical) and not any(
        name in obj.__dict__ for obj in objs for name in own_attributes
    ):
        if user is None:
            user = historical.get_default_history_user(objs[0])
        history_ids = copy_into_history(
            model,
            historical,
            sorted({obj.pk for obj in objs}),
            history_type="+" if created else "~",
            user_id=user.pk if user is not None else None,
            reason=reason,
            when=when,
        )
        copy_relations_into_history(model, historical, history_ids)
    else:
        rows = get_history_manager_for_model(model).bulk_history_create(
            objs,
            batch_size=batch_size,
            update=not created,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
        _snapshot_relations_in_bulk(model, rows)
        history_ids = [row.pk for row in rows]
    refresh_public_changes(model, [o.pk for o in objs])
    return history_ids


def _snapshot_relations_in_bulk(model, rows):
    records = _records(model)
    for field in records.get_m2m_fields_from_model(model):
        m2m_history = records.m2m_models[field]
        through = field.remote_field.through
        own = field.m2m_field_name()
        by_record = defaultdict(list)
        for chunk in batched([row.id for row in rows], CHUNK):
            for link in through.objects.filter(**{f"{own}_id__in": chunk}):
                by_record[getattr(link, f"{own}_id")].append(link)
        attnames = [f.attname for f in through._meta.fields]
        copies = [
            m2m_history(history_id=row.pk, **{a: getattr(link, a) for a in attnames})
            for row in rows
            for link in by_record[row.id]
        ]
        m2m_history.objects.bulk_create(copies, batch_size=1000)


def defer_relations(instance):
    """Until ``snapshot_relations``, changes to the instance's relations write no rows."""
    instance._history_m2m_deferred = True


def snapshot_relations(instance):
    """Copy the instance's relations, as saved now, into its latest historical row."""
    instance.__dict__.pop("_history_m2m_deferred", None)
    model = type(instance)
    records = _records(model)
    if records.get_m2m_fields_from_model(model):
        row = instance.history.order_by("-history_date", "-history_id").first()
        if row is not None:
            for field in records.get_m2m_fields_from_model(model):
                records.m2m_models[field].objects.filter(history=row).delete()
            records.create_historical_record_m2ms(row, instance)
    refresh_public_changes(model, [instance.pk])


# -- the public change log -----------------------------------------------------------------------

# Fields whose changes are not news to a reader: workflow state, timestamps, link checks, and
# progress and legal form, which follow the commitment's status changes (logged themselves).
NOT_PUBLIC = {"visibility", "created_at", "updated_at"}


def public_fields(model):
    """The fields, in form order, whose changes the public change log reports."""
    concrete = [f.attname for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    relations = TRACKED_RELATIONS[model]
    # A translated field is reported by its language's column (title_en, title_uk); the field's
    # own column only mirrors the language it was last saved in.
    hidden = NOT_PUBLIC | set(translated_fields(model))
    return [name for name in concrete if name not in hidden] + relations


def field_label(model, name):
    field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    return str(field.verbose_name)


def visible_ids(model, ids) -> set:
    """Which of these records a reader can see now: the public ones (see ``public_q``)."""
    queryset = model._default_manager.public()
    found = set()
    for condition in id_conditions("pk", ids):
        found.update(queryset.filter(condition).values_list("pk", flat=True))
    return found


def _tiers_of(model, ids) -> dict:
    """The tiers each record belongs to (its ``TIERS_LOOKUP``), for filtering the change log."""
    tiers = defaultdict(set)
    if model.TIERS_LOOKUP is None:
        return tiers
    lookup = model.TIERS_LOOKUP
    for condition in id_conditions("pk", ids):
        # Only records (and tiers) that still exist: this may follow a deletion.
        rows = model._default_manager.filter(condition).exclude(**{f"{lookup}__isnull": True})
        # A tier is its own tier: name the column once (a translated model's values_list reads
        # a field named twice only once).
        if lookup == "pk":
            rows = rows.annotate(tier_id=models.F("pk"))
        for pk, tier_id in rows.values_list("pk", "tier_id" if lookup == "pk" else lookup):
            tiers[pk].add(tier_id)
    return tiers


def _relation_sets(model, rows):
    """For each historical row id: {relation name: frozenset of related ids}."""
    records = _records(model)
    sets = defaultdict(dict)
    for field in records.get_m2m_fields_from_model(model):
        m2m_history = records.m2m_models[field]
        target = field.m2m_reverse_field_name()
        linked = defaultdict(set)
        for condition in id_conditions("history_id", [row.pk for row in rows]):
            for history_id, target_id in m2m_history.objects.filter(condition).values_list(
                "history_id", f"{target}_id"
            ):
                linked[history_id].add(target_id)
        for row in rows:
            sets[row.pk][field.name] = frozenset(linked[row.pk])
    return sets


def public_changes_between(model, older, newer, relations):
    """Names of the public fields that differ between two historical rows."""
    changed = []
    for name in public_fields(model):
        if name in TRACKED_RELATIONS[model]:
            if relations[older.pk].get(name) != relations[newer.pk].get(name):
                changed.append(name)
        elif getattr(older, name) != getattr(newer, name):
            changed.append(name)
    return changed


@functools.cache
def _published_row_type(model):
    """A historical row as the change log reads it: its ids, date and public columns only, as
    a tuple whose ``pk`` is its history id (like a historical instance's)."""
    relations = TRACKED_RELATIONS[model]
    names = [n for n in public_fields(model) if n not in relations]
    row = namedtuple(f"Published{model.__name__}", ["history_id", "id", "history_date", *names])
    row.pk = property(lambda self: self.history_id)
    return row


def refresh_public_changes(model, ids):
    """Rebuild the public change log of these records from their history.

    Only rows in which a record was published count. The first is "published"; each later one
    that differs from the previous published row in a public field is "changed", listing those
    fields; one that follows a spell out of publication is "published" again, with the fields
    that differ from what readers saw last.
    """
    if model not in TRACKED_RELATIONS:
        return
    ids = sorted(set(ids) - {None})
    if not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    row_type = _published_row_type(model)
    published_rows = []
    for condition in id_conditions("id", ids):
        published_rows += map(
            row_type._make,
            history_model(model)
            .objects.filter(condition, visibility=Visibility.PUBLISHED)
            .exclude(history_type="-")
            .order_by("id", "history_date", "history_id")
            .values_list(*row_type._fields),
        )
    all_rows = set()
    for condition in id_conditions("id", ids):
        all_rows.update(
            history_model(model)
            .objects.filter(condition)
            .values_list("id", "history_id", "visibility")
        )
    unpublished_between = defaultdict(list)  # object id -> history ids of non-published rows
    for object_id, history_id, visibility in all_rows:
        if visibility != Visibility.PUBLISHED:
            unpublished_between[object_id].append(history_id)

    relations = _relation_sets(model, published_rows)
    visible = visible_ids(model, ids)
    tiers = _tiers_of(model, ids)
    entries = []
    for object_id, rows in groupby(published_rows, key=lambda row: row.id):
        previous = None
        for row in rows:
            if previous is None:
                kind, fields = PublicChange.Kind.PUBLISHED, []
            else:
                fields = public_changes_between(model, previous, row, relations)
                gap = any(
                    previous.history_id < h < row.history_id for h in unpublished_between[object_id]
                )
                if gap:
                    kind = PublicChange.Kind.PUBLISHED
                elif fields:
                    kind = PublicChange.Kind.CHANGED
                else:
                    continue
            entries.append(
                PublicChange(
                    content_type=content_type,
                    object_id=object_id,
                    history_id=row.history_id,
                    changed_at=row.history_date,
                    kind=kind,
                    fields=fields,
                    is_public=object_id in visible,
                )
            )
            previous = row

    with transaction.atomic():
        for condition in id_conditions("object_id", ids):
            PublicChange.objects.filter(condition, content_type=content_type).delete()
        created = PublicChange.objects.bulk_create(entries, batch_size=1000)
        links = [
            PublicChange.tiers.through(publicchange_id=entry.pk, tier_id=tier_id)
            for entry in created
            for tier_id in tiers.get(entry.object_id, ())
        ]
        PublicChange.tiers.through.objects.bulk_create(links, batch_size=1000)
        _refresh_dependants(model, ids)


def _refresh_dependants(model, ids):
    """Show or hide the changes of the records that a reader sees only through these ones (the
    ``SHOWN_WITH`` declarations read in reverse: a tier's commitments and their status changes,
    an actor's memberships and statements), which keep their own visibility."""
    for dependant, lookup in dependant_paths(model):
        dependant_ids = []
        for condition in id_conditions(lookup, ids):
            rows = dependant._default_manager.filter(condition)
            dependant_ids += rows.values_list("pk", flat=True)
        if dependant_ids:
            _set_public_flags(dependant, dependant_ids)


def refresh_visibility(model, ids):
    """These records' visibility changed without a historical row (a queryset update): show or
    hide their changes, and those of the records shown only with them."""
    _set_public_flags(model, ids)
    _refresh_dependants(model, ids)


def _set_public_flags(model, ids):
    visible = visible_ids(model, ids)
    content_type = ContentType.objects.get_for_model(model)
    changes = PublicChange.objects.filter(content_type=content_type)
    for condition in id_conditions("object_id", [pk for pk in ids if pk in visible]):
        changes.filter(condition).exclude(is_public=True).update(is_public=True)
    for condition in id_conditions("object_id", [pk for pk in ids if pk not in visible]):
        changes.filter(condition).exclude(is_public=False).update(is_public=False)


def on_history_row(sender, instance, history_instance, **kwargs):
    """A single save wrote a historical row: bring the record's public change log up to date."""
    if getattr(instance, "_history_m2m_deferred", False):
        return  # snapshot_relations refreshes it once the relations are saved
    refresh_public_changes(type(instance), [instance.pk])
