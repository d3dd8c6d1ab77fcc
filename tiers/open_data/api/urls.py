"""Addresses of the API, version 1: ``/api/v1/<records>/`` and ``/api/v1/<records>/<key>/``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .document import openapi_view
from .views import VIEWSETS

app_name = "api"


class ReadOnlyRouter(SimpleRouter):
    """A list and a detail per record type, named as since version 1 came out:
    ``commitments-list`` and ``commitment-detail``."""

    def get_routes(self, viewset):
        return [
            route._replace(name=f"{viewset.singular}-detail") if route.detail else route
            for route in super().get_routes(viewset)
            if route.mapping
        ]


router = ReadOnlyRouter()
for viewset in VIEWSETS:
    router.register(viewset.plural, viewset, basename=viewset.plural)

urlpatterns = [path("openapi.json", openapi_view, name="openapi"), *router.urls]
