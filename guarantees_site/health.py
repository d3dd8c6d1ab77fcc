"""Health checks for load balancers and orchestrators.

``/healthz`` says the process answers (it touches nothing else): restart the process when it
fails. ``/readyz`` says this server can serve readers: every configured database answers and
every migration the code knows is applied; take the server out of rotation while it fails.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

_known_migrations: set[tuple[str, str]] | None = None


def known_migrations() -> set[tuple[str, str]]:
    """The migrations on disk, read once per process: they change only with the code."""
    global _known_migrations
    if _known_migrations is None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        _known_migrations = set(loader.graph.nodes)
    return _known_migrations


def unapplied_migrations() -> list[str]:
    applied = set(MigrationRecorder(connections["default"]).applied_migrations())
    return sorted(f"{app}.{name}" for app, name in known_migrations() - applied)


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    checks, ready = {}, True
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            checks[f"database:{alias}"] = "ok"
        except DatabaseError as exc:
            checks[f"database:{alias}"] = f"unreachable: {exc.__class__.__name__}"
            ready = False
    if ready:
        try:
            missing = unapplied_migrations()
        except DatabaseError as exc:
            missing, ready = [], False
            checks["migrations"] = f"unknown: {exc.__class__.__name__}"
        else:
            checks["migrations"] = "ok" if not missing else f"not applied: {', '.join(missing)}"
            ready = not missing
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


def server_error(request):
    """The 500 page, as 503 with Retry-After when the database cannot be reached.

    A database restart or failover is temporary: a 503 tells load balancers, CDNs and API clients
    to try again shortly rather than treat the page as broken.
    """
    response = defaults.server_error(request)
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response.status_code = 503
        response["Retry-After"] = "5"
    return response
