"""Addresses of the open data. ``urlpatterns`` are the same in every language (files, sitemap,
robots.txt); ``localised`` go under each language's prefix (pages and feeds)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from ..models import Actor, Tier
from . import feeds, release_views
from . import views as open_data_views
from .sitemaps import robots_txt, sitemaps

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps(), "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps()},
        name="sitemap_section",
    ),
    path("downloads/all.zip", open_data_views.download_zip, name="download_zip"),
    path(
        "downloads/releases/<str:name>/<str:file_name>",
        release_views.release_file,
        name="release_file",
    ),
    path(
        "downloads/<slug:type_name>.<slug:extension>",
        open_data_views.download_file,
        name="download_file",
    ),
]

localised = [
    path("downloads/", open_data_views.downloads_page, name="downloads"),
    path("api/", open_data_views.api_guide, name="api_guide"),
    path("downloads/releases/", release_views.release_list, name="releases"),
    path("downloads/releases/feed/", release_views.ReleasesFeed(), name="releases_feed"),
    path("downloads/releases/<str:name>/", release_views.release_page, name="release"),
]
for name, feed in feeds.FEEDS.items():
    localised += [
        path(f"feeds/{name}/", feed(), name=f"feed_{name}"),
        path(
            f"feeds/tiers/<slug:slug>/{name}/", feeds.scoped(feed, Tier)(), name=f"tier_feed_{name}"
        ),
        path(
            f"feeds/actors/<slug:slug>/{name}/",
            feeds.scoped(feed, Actor)(),
            name=f"actor_feed_{name}",
        ),
    ]
