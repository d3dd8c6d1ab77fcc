"""Public reads from a PostgreSQL read replica (``DATABASE_REPLICA_URL``); everything else on the
primary.

``ReplicaReadsMiddleware`` marks the safe (GET/HEAD) requests outside the admin as public reads;
while one runs, ``ReplicaRouter`` sends the tracker's reads to the ``replica`` alias. The admin,
imports and management commands, every write, every read inside a transaction and every read of
sessions, users and login attempts use the primary, so an editor always sees what they just saved
and a session never depends on replication lag. Without a replica everything uses the primary.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
# Only the tracker's own records are read from the replica.
REPLICATED_APPS = {"tiers"}

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _public_read.get()
            and REPLICA in settings.DATABASES
            and model._meta.app_label in REPLICATED_APPS
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica follows the primary's schema by replication


def is_public_read(request) -> bool:
    return request.method in {"GET", "HEAD"} and not request.path.startswith(
        "/" + settings.ADMIN_PATH
    )


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request):
            return self.get_response(request)
        token = _public_read.set(True)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
