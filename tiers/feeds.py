"""Atom feeds of new and changed commitments, new statements and status changes.

Each comes for the whole tracker and per tier and per actor; only public records appear, and each
entry links to its page. Each feed is a fixed number of queries, whatever its length.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .citations import record_title
from .models import Actor, Commitment, Statement, StatusChange, Tier, Visibility

ENTRIES = 50


def as_html(text: str) -> str:
    """An Atom summary is HTML (type="html"): the records' plain text, escaped, in paragraphs."""
    return linebreaks(text, autoescape=True)


class TrackerFeed(Feed):
    """What every feed shares; ``scope`` narrows it to one tier or one actor."""

    feed_type = Atom1Feed
    scope_model = None  # Tier or Actor for the scoped feeds

    def get_object(self, request, slug=None):
        if self.scope_model is None:
            return None
        return get_object_or_404(self.scope_model.objects.public(), slug=slug)

    def link(self, scope):
        return scope.get_absolute_url() if scope else reverse("tiers:home")

    def scoped_title(self, what, scope):
        if scope is None:
            return _("%(what)s – Ukraine Security Guarantees Tracker") % {"what": what}
        name = record_title(scope)
        return _("%(what)s: %(name)s – Ukraine Security Guarantees Tracker") % {
            "what": what,
            "name": name,
        }

    def item_author_name(self, item):
        return _("Ukraine Security Guarantees Tracker")


class CommitmentsFeed(TrackerFeed):
    """New and changed commitments: a new published status change counts as a change."""

    def title(self, scope):
        return self.scoped_title(_("New and changed commitments"), scope)

    def subtitle(self, scope):
        return _("Commitments as they are published, and again each time they change.")

    def items(self, scope):
        latest_change = Max(
            "status_changes__updated_at",
            filter=Q(status_changes__visibility=Visibility.PUBLISHED),
        )
        commitments = Commitment.objects.public()
        if isinstance(scope, Tier):
            commitments = commitments.filter(tier=scope)
        elif isinstance(scope, Actor):
            commitments = commitments.involving(scope)
        return (
            commitments.select_related("tier")
            .annotate(changed_at=Greatest("updated_at", Coalesce(latest_change, "updated_at")))
            .order_by("-changed_at", "-id")[:ENTRIES]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        state = item.get_progress_display() or _("No status yet")
        return as_html(f"{record_title(item.tier)}. {state}. {item.description}".strip())

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.changed_at

    def item_categories(self, item):
        return [item.get_category_display()]


class StatementsFeed(TrackerFeed):
    def title(self, scope):
        return self.scoped_title(_("New statements"), scope)

    def subtitle(self, scope):
        return _("What was said, word for word, as each statement is published.")

    def items(self, scope):
        statements = Statement.objects.public()
        if isinstance(scope, Tier):
            statements = statements.filter(tiers=scope)
        elif isinstance(scope, Actor):
            statements = statements.filter(Q(speaker=scope) | Q(on_behalf_of=scope))
        return statements.select_related("speaker").order_by("-created_at", "-id")[:ENTRIES]

    def item_title(self, item):
        return record_title(item)

    def item_description(self, item):
        text = item.quote
        if item.translation:
            text += f"\n\n{_('Translation')}: {item.translation}"
        return as_html(text)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class StatusChangesFeed(TrackerFeed):
    def title(self, scope):
        return self.scoped_title(_("Status changes"), scope)

    def subtitle(self, scope):
        return _("Every dated, sourced change in where a commitment stands.")

    def items(self, scope):
        changes = StatusChange.objects.public()
        if isinstance(scope, Tier):
            changes = changes.filter(commitment__tier=scope)
        elif isinstance(scope, Actor):
            changes = changes.filter(
                commitment__in=Commitment.objects.involving(scope).values("pk")
            )
        return changes.select_related("commitment").order_by("-created_at", "-id")[:ENTRIES]

    def item_title(self, item):
        return f"{item.commitment.title}: {item.get_progress_display()} ({item.occurred})"

    def item_description(self, item):
        return as_html(item.summary)

    def item_link(self, item):
        return item.commitment.get_absolute_url() + "#timeline-heading"

    def item_guid(self, item):
        # Several changes share their commitment's page, so each entry gets its own id.
        return f"{self.item_link(item)}-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


def scoped(feed_class, model):
    return type(f"{model.__name__}{feed_class.__name__}", (feed_class,), {"scope_model": model})


# Each feed, whole and per tier and per actor: (path part, class).
FEEDS = {
    "commitments": CommitmentsFeed,
    "statements": StatementsFeed,
    "status-changes": StatusChangesFeed,
}
