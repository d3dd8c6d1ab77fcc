"""Refuse request bodies larger than the site ever needs, before anything reads them."""

from django.conf import settings
from django.http import HttpResponse


class RequestSizeLimitMiddleware:
    """Answers 413 when the declared body is above ``REQUEST_MAX_BYTES``.

    Django bounds form fields itself (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams uploaded files
    to disk whatever their size; the largest legitimate body is an import file, so anything
    larger is refused here. The proxy in front should refuse it too (docs/deploy.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Content-Length is not a number.\n", status=400)
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            return HttpResponse(
                f"The request body is {length} bytes; this site accepts at most {limit}.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
