"""sitemap.xml: every public page in every language, each with its alternates; and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..models import Actor, Commitment, Source, Statement, Tier


class I18nSitemap(Sitemap):
    """Each item once per language (``/en/…``, ``/uk/…``), naming the other as its alternate."""

    i18n = True
    alternates = True
    x_default = True
    # Items per sitemap page: each is listed once per language, and the protocol allows at most
    # 50,000 addresses a file; the index names every page.
    limit = 10_000


class RecordSitemap(I18nSitemap):
    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset

    def items(self):
        # A stable order, so that pages of a large sitemap do not shift between requests.
        return self.queryset.order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class PageSitemap(I18nSitemap):
    """The pages that are not records: lists, timeline, about, downloads, the API guide."""

    changefreq = "daily"

    def items(self):
        return [
            "tiers:home",
            "tiers:commitment_list",
            "tiers:actor_list",
            "tiers:statement_list",
            "tiers:timeline",
            "tiers:about",
            "open_data:downloads",
            "open_data:api_guide",
        ]

    def location(self, name):
        return reverse(name)


def sitemaps() -> dict:
    return {
        "pages": PageSitemap(),
        "tiers": RecordSitemap(Tier.objects.public()),
        "actors": RecordSitemap(Actor.objects.public()),
        "commitments": RecordSitemap(Commitment.objects.public()),
        "statements": RecordSitemap(Statement.objects.public()),
        "sources": RecordSitemap(Source.objects.public()),
    }


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
