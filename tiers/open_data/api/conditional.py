"""Validators on every API answer: an ETag (a hash of the body), a Last-Modified and a public
Cache-Control; a conditional request for the copy the client holds gets 304."""

import datetime
import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# Shared caches may keep a response this long; clients revalidate cheaply with the ETag.
MAX_AGE = 60


def conditional(request, response, last_modified: datetime.datetime):
    """``response`` (rendered) with its validators, or 304 when the client's copy is current."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    seconds = int(last_modified.timestamp())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(seconds)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return get_conditional_response(request, etag=etag, last_modified=seconds, response=response)
