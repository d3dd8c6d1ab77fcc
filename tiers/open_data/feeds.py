"""Atom feeds of new and changed commitments, new statements and status changes.

Each comes for the whole tracker and per tier and per actor; only public records appear, and each
entry links to its page. Each feed is a fixed number of queries, whatever its length.

Identity (RFC 4287 section 4.2.6): a feed's atom:id is its own absolute address, so every feed,
scope and language has its own; an entry's is a tag: URI (RFC 4151) naming its record, the same
in every render and every language, and unchanged when the record's slug or page moves.
"""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import Actor, Commitment, Statement, StatusChange, Tier, Visibility
from .citations import record_title

ENTRIES = 50
# The date in the entries' tag: URIs (RFC 4151 section 2.1): the year the tracker began under
# the site's domain. Changing it would change every entry's id.
TAG_DATE = "2025"


def as_html(text: str) -> str:
    """An Atom summary is HTML (type="html"): the records' plain text, escaped, in paragraphs."""
    return linebreaks(text, autoescape=True)


class AtomFeed(Feed):
    """An Atom feed with the ids and the author RFC 4287 requires.

    ``item_guid`` gives a record's key within the site (``commitment/12``); each entry's id is
    the tag: URI made of it. ``feed_query`` names the parameters that select what the feed holds
    (the changes feed's filters), which are part of the feed's id.
    """

    feed_type = Atom1Feed

    def author_name(self):
        # One author for the whole feed stands for every entry (RFC 4287 section 4.1.1).
        return _("Ukraine Security Guarantees Tracker")

    def feed_query(self, obj) -> dict:
        return {}

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        query = urlencode(sorted(self.feed_query(obj).items()))
        feed.feed["id"] = request.build_absolute_uri(request.path) + (f"?{query}" if query else "")
        feed.feed["feed_url"] = feed.feed["id"]  # rel="self": this feed, filters included
        authority, _port = split_domain_port(request.get_host())
        for entry in feed.items:
            entry["unique_id"] = f"tag:{authority},{TAG_DATE}:{entry['unique_id']}"
        return feed


class TrackerFeed(AtomFeed):
    """What the records' feeds share; ``scope`` narrows it to one tier or one actor."""

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

    def item_guid(self, item):
        return f"commitment/{item.pk}"

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
        statements = statements.select_related("speaker").with_translations()
        return statements.order_by("-created_at", "-id")[:ENTRIES]

    def item_title(self, item):
        return record_title(item)

    def item_guid(self, item):
        return f"statement/{item.pk}"

    def item_description(self, item):
        text = item.quote
        if translation := item.translation_in(get_language()):
            text += f"\n\n{_('Translation')}: {translation.text}"
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
        # Several changes share their commitment's page; each is an entry of its own.
        return f"status-change/{item.pk}"

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
