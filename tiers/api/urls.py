"""Addresses of the API, version 1: ``/api/v1/<records>/`` and ``/api/v1/<records>/<key>/``."""

from django.urls import path

from . import views
from .resources import RESOURCES

app_name = "api"

urlpatterns = [path("openapi.json", views.openapi_view, name="openapi")]
for resource in RESOURCES:
    urlpatterns += [
        path(
            f"{resource.name}/",
            views.list_view,
            {"resource": resource},
            name=f"{resource.name}-list",
        ),
        path(
            f"{resource.name}/<str:key>/",
            views.detail_view,
            {"resource": resource},
            name=f"{resource.singular}-detail",
        ),
    ]
