"""The public change log: /changes/ (filterable by record type and tier) and its Atom feed.

Entries come from ``PublicChange`` (see tiers.history): published changes only, never who made
them. Each page is a fixed number of queries: the count, the page, the tiers for the filter, and
one per record type on the page for the records themselves.
"""

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..history import field_label
from ..models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    PublicChange,
    Source,
    Statement,
    StatusChange,
    Tier,
)
from ..models.base import public_q
from ..open_data.feeds import AtomFeed
from .pagination import paginate

PER_PAGE = 50
FEED_ENTRIES = 50

# The record types a reader can filter by, in the order the filter lists them.
TYPES = {
    "commitment": Commitment,
    "statuschange": StatusChange,
    "figure": Figure,
    "statement": Statement,
    "actor": Actor,
    "membership": Membership,
    "source": Source,
    "tier": Tier,
}


def _records():
    return GenericPrefetch(
        "record",
        [
            Tier.objects.all(),
            Actor.objects.all(),
            Membership.objects.select_related("member", "organisation"),
            Source.objects.all(),
            Commitment.objects.all(),
            StatusChange.objects.select_related("commitment"),
            Figure.objects.select_related("commitment"),
            Statement.objects.all(),
        ],
    )


def filtered_changes(params):
    """Public changes, newest first, narrowed by ``type`` and ``tier`` (a tier's slug)."""
    changes = PublicChange.objects.public()
    chosen_type = params.get("type", "")
    if chosen_type in TYPES:
        changes = changes.filter(content_type__app_label="tiers", content_type__model=chosen_type)
    if tier := params.get("tier", ""):
        changes = changes.filter(public_q(Tier, "tiers__"), tiers__slug=tier)
    return changes.order_by("-changed_at", "-id").prefetch_related(_records())


def describe(changes):
    """Give each change its record's label, address and the names of the fields that changed."""
    for change in changes:
        record = change.record
        model = type(record)
        change.type_label = model._meta.verbose_name
        change.field_labels = [field_label(model, name) for name in change.fields]
        if isinstance(record, StatusChange):
            change.label = f"{record.commitment}: {record}"
            change.url = record.commitment.get_absolute_url()
        elif isinstance(record, Figure):
            change.label = f"{record.commitment}: {record}"
            change.url = record.commitment.get_absolute_url() + "#figures-heading"
        elif isinstance(record, Membership):
            change.label = str(record)
            change.url = record.member.get_absolute_url()
        else:
            change.label = str(record)
            change.url = record.get_absolute_url()
    return changes


def by_record(changes):
    """A page's changes grouped by record, each group where its newest change falls."""
    groups: dict = {}
    for change in changes:
        key = (change.content_type_id, change.object_id)
        if key not in groups:
            groups[key] = {"label": change.label, "url": change.url, "changes": []}
            groups[key]["type_label"] = change.type_label
        groups[key]["changes"].append(change)
    return list(groups.values())


def change_list(request):
    page = paginate(request, filtered_changes(request.GET), PER_PAGE)
    describe(page.object_list)
    context = {
        "page": page,
        "changes": page.object_list,
        "groups": by_record(page.object_list),
        "types": [(key, model._meta.verbose_name_plural) for key, model in TYPES.items()],
        "tiers": Tier.objects.public().only("slug", "number", "name"),
        "chosen_type": request.GET.get("type", ""),
        "chosen_tier": request.GET.get("tier", ""),
    }
    return render(request, "tiers/changes.html", context)


class ChangesFeed(AtomFeed):
    """The same list as /changes/, with the same filters, as an Atom feed."""

    title = gettext_lazy("Recent changes to published records")
    subtitle = gettext_lazy("Records published or changed in the security guarantees tracker.")

    def get_object(self, request):
        return request.GET

    def link(self, params):
        return reverse("tiers:changes")

    def feed_query(self, params):
        # Each choice of filters is a feed of its own, with an id of its own.
        return {name: params[name] for name in ("type", "tier") if params.get(name)}

    def items(self, params):
        return describe(list(filtered_changes(params)[:FEED_ENTRIES]))

    def item_title(self, change):
        return f"{change.get_kind_display()}: {change.label}"

    def item_description(self, change):
        if not change.field_labels:
            return _("%(type)s published.") % {"type": str(change.type_label).capitalize()}
        return _("Changed: %(fields)s.") % {"fields": ", ".join(change.field_labels)}

    def item_link(self, change):
        return change.url

    def item_guid(self, change):
        return f"change/{change.pk}"

    def item_pubdate(self, change):
        return change.changed_at

    def item_updateddate(self, change):
        return change.changed_at
