from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Open data: the read-only API (tiers/api/), sitemap and robots.txt (tiers/sitemaps.py).
    path("api/v1/", include("tiers.api.urls")),
]

# The public site for readers, once per language: /en/…, /uk/… ("/" redirects by preference).
urlpatterns += i18n_patterns(path("", include("tiers.urls")))
