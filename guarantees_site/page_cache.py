"""Anonymous public pages and API responses served from the cache.

A response is kept under a key made of the language and the full URL (scheme, host, path and
query), with the cache tags it depends on (``tiers.cache_tags``): the records it showed, the
lists it said it shows, and the versions those tags had. A copy is served only while every tag
still has its version, so a write drops the copies that showed what it changed, and only those,
on every server sharing the cache. The tags go out as ``Cache-Tag`` (comma-separated) and
``Surrogate-Key`` (space-separated) headers, so that a CDN can purge by the same tags
(docs/scaling.md). Copies also expire after ``PUBLIC_CACHE_SECONDS``, and browsers and CDNs are
told to keep them no longer than what is left of that time, so a reader never sees a fact older
than that.

A copy whose only moved tags are lists or ``any`` (``cache_tags.may_lag``: nothing on it was
hidden or edited, something was added to or changed in a list it shows) is *refreshed*, not
dropped: one request renders it again and stores the new copy, and while it does, and for
``PUBLIC_LIST_REFRESH_SECONDS`` after it began, other requests get the copy they had (marked
``max-age=0``, so browsers and CDNs ask again), never once it is ``PUBLIC_CACHE_SECONDS`` old. A
burst of writes then costs each address one render per interval instead of one per write and
per waiting worker. A copy that loaded a record written since, or depends on ``site`` (a record
hidden, a bulk write), drops at once, and so does every copy of the API
(``cache_tags.never_lags``). A current copy in the last ``PUBLIC_LIST_REFRESH_SECONDS``
of its time (at most its second half) is renewed the same way, by one request while others still
get it, so that copies stored together do not expire together under load.

A response rendered while a write touched public records (the ``any`` and ``site`` tags changed
between the start and the end of the rendering) is not stored: it may show the rows from before
the write under the versions from after it.

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

from tiers import cache_tags, content_version

logger = logging.getLogger(__name__)

# Headers by which a cached response may vary: the language is in the key, cookies only ever
# matter for signed-in users (who are never served from the cache), the origin only changes
# cross-origin headers that outer middleware adds to every response.
HARMLESS_VARY = {"accept-language", "cookie", "origin", "accept-encoding"}
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
HEALTH_PATHS = {"/healthz", "/readyz"}


GUARDS = (cache_tags.ANY, cache_tags.SITE)  # touched by every write to public records


def cache_key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(f"{request.LANGUAGE_CODE}\n{url}".encode()).hexdigest()
    return f"page:{digest}"


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


def tag_headers(response, tags) -> None:
    """The tags for a CDN that purges by them (Fastly's and Cloudflare's spellings)."""
    ordered = sorted(tags)
    response["Cache-Tag"] = ",".join(ordered)
    response["Surrogate-Key"] = " ".join(ordered)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_from_cache(request) or content_version.current() is None:
            return keep_private(self.get_response(request))
        key = cache_key(request)
        cached = self._get(key)
        if cached is not None:
            # A copy stored before lagging lists were declared has no sixth item.
            status, headers, content, stored_at, versions, *lags = cached
            current = self._versions(versions)
            fresh = current == versions
            if self._serve_as_is(key, versions, current, stored_at, all(lags)):
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                if fresh:
                    freshness(response, stored_at)
                else:
                    patch_cache_control(response, public=True, max_age=0)
                return response

        before = self._versions(GUARDS)
        with cache_tags.collecting() as collected:
            response = self.get_response(request)
        if before is None or not may_store(request, response):
            return keep_private(response)
        versions = self._versions(collected.dependencies() | set(GUARDS))
        if versions is None or any(versions[tag] != before[tag] for tag in GUARDS):
            # A write happened while this rendered: the copy may be older than its versions.
            return keep_private(response)
        versions = {tag: versions[tag] for tag in collected.dependencies()}
        stored_at = time.time()
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(max(versions.values()) / 1e9)
        if not response.has_header("ETag"):
            set_response_etag(response)
        tag_headers(response, versions)
        headers = [(name, value) for name, value in response.items()]
        copy = (response.status_code, headers, response.content, stored_at, versions)
        self._set(key, (*copy, collected.may_lag))
        freshness(response, stored_at)
        return response

    @classmethod
    def _serve_as_is(cls, key, versions, current, stored_at, may_lag=True) -> bool:
        """Whether this request gets the copy rather than rendering it again: the copy is within
        its time and either current, or only its lists moved and it may lag
        (``cache_tags.never_lags``); and another request has taken the turn to render it (or, for
        a current copy, none is due before its last seconds)."""
        if current is None:
            return False
        age = time.time() - stored_at
        if age >= settings.PUBLIC_CACHE_SECONDS:
            return False
        refresh = settings.PUBLIC_LIST_REFRESH_SECONDS
        if current == versions:
            renewal = min(refresh, settings.PUBLIC_CACHE_SECONDS / 2)
            due = age >= settings.PUBLIC_CACHE_SECONDS - renewal
            return not (due and cls._take_refresh(key))
        moved = [tag for tag, version in versions.items() if current[tag] != version]
        if refresh <= 0 or not may_lag or not all(cache_tags.may_lag(tag) for tag in moved):
            return False
        return not cls._take_refresh(key)

    @staticmethod
    def _take_refresh(key) -> bool:
        """The right to render this address again, once per ``PUBLIC_LIST_REFRESH_SECONDS``
        across every process sharing the cache; a failed render waits for the next interval."""
        try:
            return cache.add(f"{key}:refresh", 1, timeout=settings.PUBLIC_LIST_REFRESH_SECONDS)
        except Exception:
            logger.warning("The cache cannot be written", exc_info=True)
            return True

    @staticmethod
    def _versions(tags):
        try:
            return cache_tags.versions(tags)
        except Exception:
            logger.warning("The cache tags cannot be read", exc_info=True)
            return None

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
