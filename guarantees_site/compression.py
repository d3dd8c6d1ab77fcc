"""gzip for every response whose client asks for it, except those that say ``no-transform``.

A finished download file is served with its length and SHA-256 (``Repr-Digest``); compressing it
on the way would change both, so files that must arrive byte for byte carry
``Cache-Control: no-transform``, which Django's own GZipMiddleware does not read. (Their gzip
copies are written ahead and served as they are, by ``tiers.open_data.views``.)

Whether a client accepts gzip is read once, here, with its q-values (RFC 9110, 12.5.3): Django's
middleware would compress for ``gzip;q=0``, which says the opposite.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re, patch_vary_headers


def says_no_transform(response) -> bool:
    directives = cc_delim_re.split(response.get("Cache-Control", ""))
    return any(directive.strip().lower() == "no-transform" for directive in directives)


def coding_weights(header: str) -> dict[str, float]:
    """Each content coding an Accept-Encoding value names, with its weight (q, 1 if absent). An
    entry whose weight cannot be read is left out, as if not listed."""
    weights = {}
    for entry in header.split(","):
        coding, *parameters = (part.strip() for part in entry.split(";"))
        if not coding:
            continue
        weight = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = -1.0
        if 0 <= weight <= 1:
            weights[coding.lower()] = max(weight, weights.get(coding.lower(), 0.0))
    return weights


def accepts_gzip(request) -> bool:
    """Whether gzip is acceptable, and not less welcome than no coding at all: ``gzip`` (or its
    old name ``x-gzip``) with a weight above 0, or else ``*`` with one; an ``identity`` (or ``*``)
    weighed higher than gzip keeps the plain body."""
    weights = coding_weights(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    named = [weights[name] for name in ("gzip", "x-gzip") if name in weights]
    gzip = max(named) if named else weights.get("*", 0.0)
    identity = weights.get("identity", weights.get("*", 0.0))
    return gzip > 0 and gzip >= identity


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if says_no_transform(response):
            return response
        if not accepts_gzip(request):
            # The body would have been compressed for another client, so caches must know.
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
