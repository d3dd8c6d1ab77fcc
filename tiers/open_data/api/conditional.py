"""Validators on every API answer: an ETag (a hash of the body), a Last-Modified and a public
Cache-Control; a conditional request for the copy the client holds gets 304."""

import datetime
import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date


def conditional(request, response, last_modified: datetime.datetime):
    """``response`` (rendered) with its validators, or 304 when the client's copy is current."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    seconds = int(last_modified.timestamp())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(seconds)
    # Browsers and shared caches keep it as long as the page cache would (the one setting for how
    # old a fact a reader may see); clients revalidate cheaply with the ETag.
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return get_conditional_response(request, etag=etag, last_modified=seconds, response=response)
