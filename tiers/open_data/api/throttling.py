"""A rate limit for anonymous clients, counted in the shared cache (every app server sees it)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """``API_ANON_RATE`` requests per client address (docs/configuration.md); over it, 429 with
    ``Retry-After``. Answers from the page cache cost nothing and are not counted."""

    def get_rate(self):
        return None if settings.API_ANON_RATE == "off" else settings.API_ANON_RATE
