"""The review queue: one page listing every record in review, for editors to publish or return.

Each record comes with its difference from the version readers saw last (``tiers.review``); the
records that move with a commitment (``workflow.TAKEN_ALONG``) are listed under it when they wait
too. The page only reads: its buttons post the editorial actions to each record type's change
list, where the permissions and the workflow's rules are checked as for any action, and come back
here; “Publish everything listed” publishes the whole page at once, all or nothing. Analysts
see the queue too, without the publish buttons, and the records an editor
returned to them, with the reasons.
"""

from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from .. import review, workflow
from ..models import Visibility
from .editorial import dependants_key


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
        "may_publish_all": workflow.can_publish(user),
        "listed": dependants_key(
            [e.record for s in sections for entry in s.entries for e in (entry, *entry.members)]
        ),
    }
    return TemplateResponse(request, "tiers/admin/review_queue.html", context)


def _records_named(keys: str) -> list:
    """The records in review named ``app.model:pk,…`` (as ``dependants_key`` writes them)."""
    by_label = {m._meta.label_lower: m for m in review.queue_models()}
    wanted: dict = {}
    for key in filter(None, keys.split(",")):
        label, _sep, pk = key.partition(":")
        if label in by_label and pk.isdigit():
            wanted.setdefault(by_label[label], []).append(int(pk))
    found = []
    for model, ids in wanted.items():
        found += list(model._default_manager.filter(pk__in=ids, visibility=Visibility.REVIEW))
    return found


@require_POST
def review_publish_all(request):
    """Publish every record the queue listed, with what each needs, in one all-or-nothing
    move (``workflow.move_plan`` and ``apply_in_order``, which check every permission)."""
    if not workflow.can_publish(request.user):
        raise PermissionDenied
    records = _records_named(request.POST.get("records", ""))
    plan = workflow.move_plan(workflow.PUBLISH, records)
    outcome = workflow.apply_in_order(workflow.PUBLISH, plan, request.user)
    if not outcome.ok:
        for record, reasons in outcome.refused:
            messages.error(
                request,
                _("“%(record)s” was not changed: %(reasons)s")
                % {"record": record, "reasons": " ".join(reasons)},
            )
        messages.warning(request, _("Nothing was published; fix the records above first."))
    elif outcome.moved:
        messages.success(
            request,
            ngettext(
                "%(count)d record published.", "%(count)d records published.", len(outcome.moved)
            )
            % {"count": len(outcome.moved)},
        )
    return HttpResponseRedirect(reverse("admin_review_queue"))
