"""Settings for the security guarantees tracker.

Every value that differs between machines comes from the environment (see docs/configuration.md).
Nothing secret lives here.
"""

import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import envbool, envcache, envdatabase, envheader, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

# A development key is tolerated only while DEBUG is on, so that a production start without a
# real key fails instead of running with a key published in the repository.
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Records in English and Ukrainian (tiers/translation.py); must come before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Full-text search of statements on PostgreSQL (the app is inert on SQLite).
    "django.contrib.postgres",
    "import_export",
    "corsheaders",
    "simple_history",
    "axes",
    "csp",
    # The read-only API (tiers/open_data/api/) and the shared list filters (tiers/filters/).
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "tiers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cross-Origin-Resource-Policy on every response, static files too.
    "guarantees_site.resource_policy.ResourcePolicyMiddleware",
    # Production serving (docs/deploy.md): static files with far-future caching, oversized bodies
    # refused before anything reads them, the Content Security Policy, ETag/304 on every page.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for every response whose client asks for it, streamed ones included. Above every
    # middleware that reads or writes the body (ETag, the page cache), so that they see it
    # uncompressed; the cache keeps one copy and each request gets it compressed or not. Django
    # pads each compressed response at random against BREACH. Download files, which must arrive
    # byte for byte with their checksum, say no-transform and are left alone.
    "guarantees_site.compression.CompressionMiddleware",
    "guarantees_site.limits.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CommonMiddleware, so that cross-origin headers reach its responses too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous public pages and API responses from the cache; public reads from the replica.
    # Inside the middleware above (whose headers are added to cached responses too) and outside
    # those below (whose cookies mark a response as not cacheable).
    "guarantees_site.page_cache.PublicPageCacheMiddleware",
    "guarantees_site.replica.ReplicaReadsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change (see tiers/history.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guarantees_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "guarantees_site.wsgi.application"

# The embedded default is an SQLite file beside manage.py; production sets a PostgreSQL URL.
DATABASES = {"default": envdatabase("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = envint("DATABASE_CONN_MAX_AGE", 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = envstr("DATABASE_TEST_NAME") or None
# A streaming read replica: the public pages and the API read from it, everything else (the
# admin, imports, every write) uses the primary (guarantees_site/replica.py, docs/scaling.md).
if envstr("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = envdatabase("DATABASE_REPLICA_URL", "")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["guarantees_site.replica.ReplicaRouter"]
# Seconds after a write during which that session reads public pages from the primary: longer
# than the replica's lag ever is, so that an editor sees what they just saved.
REPLICA_READ_YOUR_WRITES = envint("REPLICA_READ_YOUR_WRITES", 30, minimum=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's behaviour: a URL typed without scheme is https

# django-axes counts failed logins first, so that a locked-out account or address is refused
# before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "tiers.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After LOGIN_FAILURE_LIMIT failures the username, and separately the address, are locked out for
# LOGIN_LOCKOUT_MINUTES; a successful login resets the count.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = envint("LOGIN_LOCKOUT_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "tiers/login_locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Records' texts in both languages (tiers/translation.py): <field>_en is required and is the
# fallback wherever <field>_uk is empty.
MODELTRANSLATION_LANGUAGES = ("en", "uk")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves static files through WhiteNoise with hashed, compressed names, built by
# collectstatic; while debugging they come straight from the source folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The public site's hand-written stylesheet.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or BASE_DIR / "media")

SITE_NAME = "Ukraine Security Guarantees Tracker"
# The site's public address (scheme and host), for what is written without a request to hand:
# the addresses in a release's citation and changelog (docs/open-data.md#releases).
SITE_URL = envstr("SITE_URL", "http://localhost:8000").rstrip("/")
if not re.fullmatch(r"https?://[^/\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} is not a site's address; write its scheme and host, e.g. "
        "https://tracker.example.org"
    )

# The open data may be read from any site's pages: the read-only API (tiers/open_data/api/,
# docs/api.md), the downloads and releases, and the Atom feeds. Reads only, never credentials
# (CORS_ALLOW_CREDENTIALS stays False).
CORS_URLS_REGEX = (
    r"^/(api/|downloads/|[^/]+/downloads/releases/feed/|[^/]+/feeds/|[^/]+/changes/feed/)"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Content-Length", "Repr-Digest", "Digest"]

# --- The read-only API (tiers/open_data/api/, docs/api.md) on Django REST framework ---------
# Anonymous clients may make API_ANON_RATE requests ("600/min", "20/s", "10000/hour" or "off") per
# address, counted in the default cache so that all app servers share the count; behind proxies
# that append to X-Forwarded-For, API_PROXY_COUNT says how many, so the client's own address
# counts (docs/configuration.md).
API_ANON_RATE = envstr("API_ANON_RATE", "600/min").strip()
if API_ANON_RATE != "off" and not re.fullmatch(
    r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_RATE
):
    raise ImproperlyConfigured(
        f"API_ANON_RATE={API_ANON_RATE!r} is not a rate; use for example 600/min, 20/s or off"
    )
REST_FRAMEWORK = {
    # Public reads only: no sessions, no keys, no forms; JSON whatever the Accept header says.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["tiers.open_data.api.rendering.FastJSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "tiers.open_data.api.negotiation.AlwaysJSON",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": envint("API_PROXY_COUNT", 0, minimum=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ukraine Security Guarantees Tracker API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Read-only access to the published records of the tracker. Data under CC BY 4.0: "
        "cite the tracker (every record carries its citation)."
    ),
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "SERVERS": [{"url": "/api/v1"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    # Enums stay inline, as the document has always had them; lists link to their details.
    "POSTPROCESSING_HOOKS": ["tiers.open_data.api.document.link_lists_to_details"],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}

# Bulk import and export (tiers/importing, docs/import-format.md).
IMPORT_MAX_UPLOAD_SIZE = envint("IMPORT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024, minimum=1)
# -- Limits every import file must meet before it is read (tiers/importing/limits.py and
# workbooks.py, docs/configuration.md), so that no upload can hold a worker or its memory:
# records after the header row and columns of a CSV, XLSX or JSON file, and for a workbook
# (a zip file) the size of its unpacked parts and how much they were compressed.
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 50_000, minimum=1)
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", 50, minimum=1)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = envint(
    "IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024, minimum=1
)
IMPORT_XLSX_MAX_COMPRESSION_RATIO = envint("IMPORT_XLSX_MAX_COMPRESSION_RATIO", 100, minimum=1)
# -- End of the import limits.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"  # tiers.import_<model>
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"  # tiers.export_<model>
IMPORT_EXPORT_USE_TRANSACTIONS = True
# An uploaded file waits for its confirmation in shared storage (media by default), so that the
# confirming request may reach any app server.
IMPORT_EXPORT_TMP_STORAGE_CLASS = envstr(
    "IMPORT_EXPORT_TMP_STORAGE_CLASS", "import_export.tmp_storages.MediaStorage"
)

# The fonts of the preview images of record pages (tiers/share_cards.py): they must have Cyrillic
# (Debian's fonts-dejavu-core has).
SHARE_IMAGE_FONT = envstr("SHARE_IMAGE_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SHARE_IMAGE_BOLD_FONT = envstr(
    "SHARE_IMAGE_BOLD_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)

# Cache: local memory by default (one process), Redis shared by all app servers in production.
CACHES = {"default": envcache("CACHE_URL", "locmem://")}
# The longest a reader may see a fact after it changed: cached pages and API responses live this
# long at most, in the cache and in browsers (tiers/content_version.py, docs/deploy.md).
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", 60, minimum=0)
# How often, at most, a cached page whose lists changed is rendered again; meanwhile readers get
# the copy they had, never beyond PUBLIC_CACHE_SECONDS (guarantees_site/page_cache.py). 0: never
# served once a list it shows changed.
PUBLIC_LIST_REFRESH_SECONDS = envint("PUBLIC_LIST_REFRESH_SECONDS", 10, minimum=0)

# The admin's address, so that it need not be where scanners look for it.
ADMIN_PATH = envstr("ADMIN_PATH", "admin/").strip("/") + "/"
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH must not be empty; the public site lives at /")

# Security (docs/deploy.md). Behind a proxy that terminates TLS, SECURE_PROXY_SSL_HEADER names
# the header by which the proxy says the request came over HTTPS (the proxy must set or strip it).
SECURE_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe these over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload asks browsers to use HTTPS before the first visit, once the domain is submitted to
# hstspreload.org; the site is HTTPS-only, so this costs nothing (docs/deploy.md).
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# django-csp: scripts, styles, images and fonts only from this site; no inline script anywhere,
# no framing, forms post only here. JSON-LD data blocks are not scripts and are unaffected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Request size: bodies above REQUEST_MAX_BYTES are refused with 413 before they are read (the
# import upload is the largest legitimate body); form fields beyond Django's limits likewise.
REQUEST_MAX_BYTES = envint("REQUEST_MAX_BYTES", IMPORT_MAX_UPLOAD_SIZE + 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", 2000, minimum=1)

# Output for browsers and clients (guarantees_site/resource_policy.py, docs/configuration.md):
# the browser features no page may use, and the paths other sites may load (the open data; the
# API also answers CORS, see CORS_URLS_REGEX). Static files are compressed with gzip and, with
# the Brotli package installed, brotli by CompressedManifestStaticFilesStorage (STORAGES).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]
CROSS_ORIGIN_RESOURCE_PATHS = (
    r"^/(api/|downloads/[^/]+\.[a-z]+$|downloads/releases/[^/]+/[^/]+$|sitemap[^/]*\.xml$"
    r"|robots\.txt$|[^/]+/feeds/|[^/]+/changes/feed/|[^/]+/downloads/releases/feed/)"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# -- Public downloads (docs/open-data.md, docs/deploy.md#workers) -----------------------------
# Each download is built once per version of the published content, in the background, into
# this storage; readers are served the newest finished build. The files are served by the site's
# own view (with their size and checksum), never by URL from the storage.
# The releases (tiers/open_data/releases.py) keep their files there for ever. Local files by
# default; DOWNLOADS_STORAGE=s3 keeps them in an S3-compatible bucket through django-storages
# (docs/deploy.md#download-storage), which several app servers can share.
DOWNLOADS_STORAGE = envstr("DOWNLOADS_STORAGE", "local").strip()
if DOWNLOADS_STORAGE == "local":
    STORAGES["downloads"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(envstr("DOWNLOADS_ROOT") or MEDIA_ROOT / "downloads")},
    }
elif DOWNLOADS_STORAGE == "s3":
    if not envstr("DOWNLOADS_S3_BUCKET"):
        raise ImproperlyConfigured("DOWNLOADS_STORAGE=s3 needs DOWNLOADS_S3_BUCKET, the bucket")
    STORAGES["downloads"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("DOWNLOADS_S3_BUCKET"),
            "location": envstr("DOWNLOADS_S3_PREFIX", "downloads").strip("/"),
            "endpoint_url": envstr("DOWNLOADS_S3_ENDPOINT_URL") or None,
            "region_name": envstr("DOWNLOADS_S3_REGION") or None,
            # Files are served by the site with their checksums, never by the bucket's address,
            # and a stored file is never overwritten: a release's bytes stay what it lists.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(
        f"DOWNLOADS_STORAGE={DOWNLOADS_STORAGE!r} is not a storage; use local or s3"
    )
# Background work (the builds) runs on django-tasks; the database backend needs no other server:
# `manage.py db_worker` runs the queued tasks (TASKS_BACKEND names another backend: the tests
# run tasks at once with django_tasks.backends.immediate.ImmediateBackend).
TASKS = {
    "default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}
# A build still pending or running after this long is taken to have died and is queued again.
DOWNLOAD_BUILD_STALE_SECONDS = envint("DOWNLOAD_BUILD_STALE_SECONDS", 3600, minimum=60)
# What a download answers before the very first build has finished.
DOWNLOAD_RETRY_AFTER_SECONDS = envint("DOWNLOAD_RETRY_AFTER_SECONDS", 30, minimum=1)

# Imports of several files (tiers/importing/batches.py): a batch of this many rows or more is
# checked and written by a background task; an upload left this long is deleted.
IMPORT_BACKGROUND_ROWS = envint("IMPORT_BACKGROUND_ROWS", 10_000, minimum=1)
IMPORT_BATCH_KEEP_HOURS = envint("IMPORT_BATCH_KEEP_HOURS", 24, minimum=1)
