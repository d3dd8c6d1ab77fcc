"""A value kept in the shared cache, worked out again when it is not there, and when the cache
cannot be reached: an outage of the cache is logged and costs time, never an error."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def kept_or_computed(key: str, compute, timeout: int | None):
    """The value kept under ``key``, or ``compute()``'s, then kept under it for ``timeout``
    seconds (None: until evicted)."""
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("The cache cannot be read", exc_info=True)
        value = None
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout)
        except Exception:
            logger.warning("The cache cannot be written", exc_info=True)
    return value
