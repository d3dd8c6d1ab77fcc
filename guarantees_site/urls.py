from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tiers.admin import import_batches
from tiers.admin.review_queue import review_publish_all, review_queue
from tiers.open_data import urls as open_data_urls

from . import health

# A database outage answers 503 with Retry-After, any other failure the 500 page.
handler500 = health.server_error

urlpatterns = [
    # The admin's address is configurable (ADMIN_PATH); load balancers probe the two health checks.
    # The editors' review queue, among the admin's pages (tiers/admin/review_queue.py).
    path(
        f"{settings.ADMIN_PATH}review/",
        admin.site.admin_view(review_queue),
        name="admin_review_queue",
    ),
    path(
        f"{settings.ADMIN_PATH}review/publish/",
        admin.site.admin_view(review_publish_all),
        name="admin_review_publish_all",
    ),
    # Several import files in one go (tiers/admin/import_batches.py).
    path(
        f"{settings.ADMIN_PATH}imports/",
        admin.site.admin_view(import_batches.batch_upload),
        name="admin_import_upload",
    ),
    path(
        f"{settings.ADMIN_PATH}imports/<int:pk>/",
        admin.site.admin_view(import_batches.batch_detail),
        name="admin_import_batch",
    ),
    path(
        f"{settings.ADMIN_PATH}imports/<int:pk>/problems.csv",
        admin.site.admin_view(import_batches.batch_problems),
        name="admin_import_problems",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Open data (tiers/open_data/): the read-only API, the sitemap and robots.txt.
    path("api/v1/", include("tiers.open_data.api.urls")),
    path("", include("tiers.open_data.urls")),
]

# The public site for readers, once per language: /en/…, /uk/… ("/" redirects by preference).
urlpatterns += i18n_patterns(path("", include("tiers.urls")))
# Downloads page, API guide and Atom feeds (tiers/open_data/urls.py), in each language too.
urlpatterns += i18n_patterns(path("", include((open_data_urls.localised, "open_data"))))
