"""``{% record_changes record as changes %}``: a published record's public change log, one query."""

from django import template

from ..history import field_label
from ..models import PublicChange

register = template.Library()


@register.simple_tag
def record_changes(record):
    model = type(record)
    changes = list(
        PublicChange.objects.public()
        .filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=record.pk,
        )
        .order_by("-changed_at", "-id")
    )
    for change in changes:
        change.field_labels = [field_label(model, name) for name in change.fields]
    return changes
