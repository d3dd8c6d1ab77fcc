"""Removing the synthetic records, with their history, in a fixed number of queries.

A queryset's ``delete()`` would load every record and send its delete signals one by one: the
history of each would gain a "deleted" row and its public change log a rebuild, some twenty
queries per record. Synthetic records state nothing, so their history and change log go with
them instead, and each table is emptied of them by one DELETE.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from simple_history.utils import get_history_manager_for_model

from .content_version import content_changed
from .models import (
    Actor,
    Commitment,
    CuratedHistoricalRecords,
    Figure,
    Membership,
    PublicChange,
    Source,
    Statement,
    StatusChange,
    Tier,
)

PREFIX = "synthetic-"
MARKER_KEY = "synthetic-data"  # the source every synthetic record cites; its key has the prefix


def synthetic_records():
    """Every synthetic record, by model, each model before those its records point to."""
    return [
        (Figure, Figure.objects.filter(commitment__slug__startswith=PREFIX)),
        (StatusChange, StatusChange.objects.filter(commitment__slug__startswith=PREFIX)),
        (Statement, Statement.objects.filter(slug__startswith=PREFIX)),
        (Commitment, Commitment.objects.filter(slug__startswith=PREFIX)),
        (
            Membership,
            Membership.objects.filter(
                models.Q(member__slug__startswith=PREFIX)
                | models.Q(organisation__slug__startswith=PREFIX)
            ),
        ),
        (Actor, Actor.objects.filter(slug__startswith=PREFIX)),
        (Source, Source.objects.filter(key__startswith=PREFIX)),
        (Tier, Tier.objects.filter(slug__startswith=PREFIX)),
    ]


def delete_synthetic() -> None:
    """Remove every synthetic record (and nothing else), with its history and change log."""
    with transaction.atomic():
        for model, records in synthetic_records():
            ids = records.values("pk")
            _delete_history(model, ids)
            _delete_links(model, ids)
            if model is Statement:  # a real status change may cite a synthetic statement
                StatusChange.objects.filter(statement__in=ids).update(statement=None)
            # One DELETE, without the per-record signals (see the module docstring); the links,
            # history and dependent records that the signals and cascades cover are gone already.
            records.order_by()._raw_delete(records.db)
        content_changed(records.db)


def _delete_history(model, ids):
    PublicChange.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).delete()
    rows = get_history_manager_for_model(model).model.objects.filter(id__in=ids)
    records = CuratedHistoricalRecords.by_model[model]
    for field in records.get_m2m_fields_from_model(model):
        records.m2m_models[field].objects.filter(history__in=rows.values("pk")).delete()
    rows.delete()


def _delete_links(model, ids):
    """Many-to-many links from or to these records, on either side of the relation."""
    for field in model._meta.get_fields():
        if isinstance(field, models.ManyToManyField):
            through, column = field.remote_field.through, field.m2m_field_name()
        elif isinstance(field, models.ManyToManyRel):
            through, column = field.through, field.field.m2m_reverse_field_name()
        else:
            continue
        through.objects.filter(**{f"{column}__in": ids}).delete()
