"""Permissions-Policy and Cross-Origin-Resource-Policy on every response.

No page of the tracker uses a camera, a microphone, the reader's location or any other powerful
browser feature, so the policy denies them all, for the page and any frame in it. Pages load
only in this site (``same-origin``); the open data (API, downloads, feeds, sitemap: the paths of
``CROSS_ORIGIN_RESOURCE_PATHS``) is meant for other sites and may be loaded from any origin.
Outermost but for SecurityMiddleware, so static files, cached pages and errors get them too.
"""

import re

from django.conf import settings


def permissions_policy(features) -> str:
    return ", ".join(f"{feature}=()" for feature in features)


class ResourcePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = permissions_policy(settings.PERMISSIONS_POLICY_DENIED)
        self.cross_origin = re.compile(settings.CROSS_ORIGIN_RESOURCE_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        open_data = self.cross_origin.match(request.path_info)
        response.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if open_data else "same-origin"
        )
        return response
