"""Finding the stored records of an import file by natural key, in a few queries."""

from django.db import models
from import_export.instance_loaders import BaseInstanceLoader

from ..partial_dates import PartialDate

LOADER_CHUNK = 2000


def key_part(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, PartialDate):
        return value.date
    return value


class NaturalKeyLoader(BaseInstanceLoader):
    """Existing records of the file, found by natural key with one query per 2,000 rows."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = {}
        keys = {k for row in dataset.dict if (k := resource.row_key(row)) is not None}
        first_attname = resource.key_attnames[0]
        firsts = sorted({k[0] for k in keys}, key=str)
        queryset = resource.loader_queryset()
        for start in range(0, len(firsts), LOADER_CHUNK):
            chunk = firsts[start : start + LOADER_CHUNK]
            for instance in queryset.filter(**{f"{first_attname}__in": chunk}):
                # Plain lists survive the copy django-import-export takes of each record (a
                # copied queryset forgets its prefetched rows and would query again).
                prefetched = getattr(instance, "_prefetched_objects_cache", {})
                instance._existing_m2m = {
                    field.attribute: list(prefetched.pop(field.attribute, []))
                    for field in resource.m2m_fields
                }
                self.instances[resource.instance_key(instance)] = instance

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))
