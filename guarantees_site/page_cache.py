"""Anonymous public pages and API responses served from the cache.

A response is kept under a key made of the content version (``tiers.content_version``), the
language and the full URL (scheme, host, path and query). Any write to a record changes the
version when it commits, so every cached copy is dropped at once on every server sharing the
cache. Copies also expire after ``PUBLIC_CACHE_SECONDS``, and browsers and CDNs are told to keep
them no longer than what is left of that time, so a reader never sees a fact older than that.

Never cached: signed-in users (anyone sending a session cookie) and the admin; requests with
credentials; the health checks; responses other than 200, responses that set a cookie, touch the
session's contents, vary on anything but language, or say ``private``/``no-store``/``no-cache``.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_max_age, patch_cache_control, set_response_etag
from django.utils.http import http_date

from tiers import content_version

logger = logging.getLogger(__name__)

# Headers by which a cached response may vary: the language is in the key, cookies only ever
# matter for signed-in users (who are never served from the cache), the origin only changes
# cross-origin headers that outer middleware adds to every response.
HARMLESS_VARY = {"accept-language", "cookie", "origin", "accept-encoding"}
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
HEALTH_PATHS = {"/healthz", "/readyz"}


def cache_key(request, version: int) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(f"{request.LANGUAGE_CODE}\n{url}".encode()).hexdigest()
    return f"page:{version}:{digest}"


def may_serve_from_cache(request) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and request.path not in HEALTH_PATHS
        and not request.path.startswith("/" + settings.ADMIN_PATH)
        and settings.PUBLIC_CACHE_SECONDS > 0
    )


def may_store(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    directives = {
        part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")
    }
    if directives & UNCACHEABLE_DIRECTIVES:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= HARMLESS_VARY


def freshness(response, stored_at: float) -> None:
    """Tell browsers and shared caches to keep the response only for what is left of its time."""
    remaining = max(0, round(stored_at + settings.PUBLIC_CACHE_SECONDS - time.time()))
    own = get_max_age(response)
    patch_cache_control(response, public=True, max_age=min(remaining, own or remaining))


def keep_private(response):
    """What is not cached here is not for shared caches (a CDN) either, unless the view said so."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True)
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_from_cache(request):
            return keep_private(self.get_response(request))
        version = content_version.current()
        if version is None:
            return keep_private(self.get_response(request))
        key = cache_key(request, version)
        cached = self._get(key)
        if cached is not None:
            status, headers, content, stored_at = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            freshness(response, stored_at)
            return response

        response = self.get_response(request)
        if may_store(request, response):
            stored_at = time.time()
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(content_version.changed_at(version))
            if not response.has_header("ETag"):
                set_response_etag(response)
            headers = [(name, value) for name, value in response.items()]
            self._set(key, (response.status_code, headers, response.content, stored_at))
            freshness(response, stored_at)
            return response
        return keep_private(response)

    @staticmethod
    def _get(key):
        try:
            return cache.get(key)
        except Exception:
            logger.warning("The cache cannot be read", exc_info=True)
            return None

    @staticmethod
    def _set(key, value) -> None:
        try:
            cache.set(key, value, timeout=settings.PUBLIC_CACHE_SECONDS)
        except Exception:
            logger.warning("The cache cannot be written", exc_info=True)
