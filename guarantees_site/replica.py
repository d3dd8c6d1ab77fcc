"""Public reads from a PostgreSQL read replica (``DATABASE_REPLICA_URL``); everything else on the
primary.

``ReplicaReadsMiddleware`` marks the safe (GET/HEAD) requests outside the admin as public reads;
while one runs, ``ReplicaRouter`` sends the tracker's reads to the ``replica`` alias. The admin,
imports and management commands, every write, every read inside a transaction and every read of
sessions, users and login attempts use the primary, so a session never depends on replication
lag. Two more cases read from the primary:

- **Read your writes**: a session that has just written (any POST, PUT, PATCH or DELETE, in
  practice the admin) reads its public pages from the primary for ``REPLICA_READ_YOUR_WRITES``
  seconds after, so that an editor who saves and opens the page sees the change at once, however
  late the replica is.
- **Replica down**: when the replica cannot be reached, public reads go to the primary without
  an error, and the replica is tried again after ``RETRY_SECONDS``.

Without a replica everything uses the primary.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
# Only the tracker's own records are read from the replica.
REPLICATED_APPS = {"tiers"}
# The session key that holds until when a session that wrote reads from the primary.
WROTE_UNTIL = "read_primary_until"
RETRY_SECONDS = 5.0
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_down_until = 0.0  # monotonic time before which the replica is not tried again

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


def reads_own_writes(request) -> bool:
    """Whether this session wrote recently enough to read from the primary."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # anonymous readers never wrote: no session to look up
    session = getattr(request, "session", None)
    return session is not None and session.get(WROTE_UNTIL, 0) > time.time()


def replica_reachable() -> bool:
    """Whether the replica answers; if not, public reads use the primary for a while."""
    global _down_until
    if REPLICA not in settings.DATABASES:
        return False
    if time.monotonic() < _down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        logger.warning(
            "The read replica cannot be reached; public reads use the primary for %.0f s: %s",
            RETRY_SECONDS,
            error,
        )
        _down_until = time.monotonic() + RETRY_SECONDS
        return False
    return True


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            session = getattr(request, "session", None)
            user = getattr(request, "user", None)
            wrote = session is not None and user is not None and user.is_authenticated
            if wrote and REPLICA in settings.DATABASES:
                session[WROTE_UNTIL] = time.time() + settings.REPLICA_READ_YOUR_WRITES
            return response
        if not is_public_read(request) or reads_own_writes(request) or not replica_reachable():
            return self.get_response(request)
        token = _public_read.set(True)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
