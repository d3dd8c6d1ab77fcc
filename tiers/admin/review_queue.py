"""The review queue: one page listing every record in review, for editors to publish or return.

Each record comes with its difference from the version readers saw last (``tiers.review``); the
records that move with a commitment (``workflow.TAKEN_ALONG``) are listed under it when they wait
too. The page only reads: its buttons post the editorial actions to each record type's change
list, where the permissions and the workflow's rules are checked as for any action, and come back
here. Analysts see the queue too, without the publish buttons, and the records an editor
returned to them, with the reasons.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import review, workflow
from ..models import Visibility


@dataclass
class Entry:
    record: object
    url: str
    difference: review.Difference
    members: list = field(default_factory=list)  # Entries shown with this one


@dataclass
class Section:
    opts: object
    changelist: str
    total: int
    entries: list
    may_publish: bool
    may_return: bool


def _attached_to():
    """{model shown with another: (that model, the foreign key's attname)} from TAKEN_ALONG."""
    found = {}
    for parent, names in workflow.TAKEN_ALONG.items():
        for name in names:
            relation = parent._meta.get_field(name)
            found[relation.related_model] = (parent, relation.field.attname)
    return found


@require_GET
def review_queue(request):
    user, sections, by_record = request.user, [], {}
    attached = _attached_to()
    for model in review.queue_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        records = list(review.in_review(model)[: review.SHOWN_PER_TYPE])
        differences = review.differences(model, records)
        entries = []
        for record in records:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
            entry = Entry(record, url, differences[record.pk])
            parent = attached.get(model)
            holder = by_record.get((parent[0], getattr(record, parent[1]))) if parent else None
            if holder is not None:
                holder.members.append(entry)
            else:
                entries.append(entry)
                by_record[(model, record.pk)] = entry
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        sections.append(
            Section(
                opts,
                changelist,
                review.in_review(model).count(),
                entries,
                workflow.can_publish(user) and model_admin.has_change_permission(request),
                model_admin.has_change_permission(request),
            )
        )
    returned = []
    for model in review.queue_models():
        if model in admin.site._registry:
            submitter = None if workflow.can_publish(user) else user
            for row in review.returned_to_draft(model, submitted_by=submitter):
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.id])
                returned.append((opts.verbose_name, row, url))
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "sections": [s for s in sections if s.total],
        "waiting": sum(s.total for s in sections),
        "returned": returned,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "review": Visibility.REVIEW,
    }
    return TemplateResponse(request, "tiers/admin/review_queue.html", context)
