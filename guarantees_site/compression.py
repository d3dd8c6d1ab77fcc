"""gzip for every response whose client asks for it, except those that say ``no-transform``.

A finished download file is served with its length and SHA-256 (``Repr-Digest``); compressing it
on the way would change both, so files that must arrive byte for byte carry
``Cache-Control: no-transform``, which Django's own GZipMiddleware does not read.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re


def says_no_transform(response) -> bool:
    directives = cc_delim_re.split(response.get("Cache-Control", ""))
    return any(directive.strip().lower() == "no-transform" for directive in directives)


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if says_no_transform(response):
            return response
        return super().process_response(request, response)
