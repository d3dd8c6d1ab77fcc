"""Public pages and the API read from the replica; the admin, commands and writes use the primary.

The tests add a second alias, ``replica``, that reaches the same test database as ``default`` (a
mirror, as ``TEST: {"MIRROR": "default"}`` does in settings), and count the queries each alias
runs.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guarantees_site import replica as routing
from tiers.models import Commitment

from .factories import CommitmentFactory

ROOT = Path(__file__).resolve().parents[2]


# Committed rows, so that the second connection sees them; the mirror is never flushed itself.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """A second database alias on the test database, for this module's tests only."""
    settings.DATABASES[routing.REPLICA] = {
        **connections[routing.PRIMARY].settings_dict,
        "TEST": {"MIRROR": routing.PRIMARY},
    }
    yield routing.REPLICA
    connections[routing.REPLICA].close()
    del connections[routing.REPLICA]
    del settings.DATABASES[routing.REPLICA]


class Queries:
    def __init__(self):
        self.primary = CaptureQueriesContext(connections[routing.PRIMARY])
        self.replica = CaptureQueriesContext(connections[routing.REPLICA])

    def __enter__(self):
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


def test_public_pages_read_from_the_replica():
    commitment = CommitmentFactory(title="Reassurance force")
    client = Client()
    with Queries() as queries:
        list_page = client.get(reverse("tiers:commitment_list"))
        detail = client.get(commitment.get_absolute_url())
    assert list_page.status_code == detail.status_code == 200
    assert "Reassurance force" in detail.content.decode()
    assert len(queries.replica) > 0
    assert len(queries.primary) == 0


def test_the_api_reads_from_the_replica():
    CommitmentFactory(title="Reassurance force")
    with Queries() as queries:
        response = Client().get("/api/v1/commitments/")
    assert "Reassurance force" in response.content.decode()
    assert len(queries.replica) > 0
    assert len(queries.primary) == 0


def test_the_admin_reads_and_writes_on_the_primary():
    commitment = CommitmentFactory()
    editor = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client = Client()
    client.force_login(editor)
    with Queries() as queries:
        changelist = client.get(reverse("admin:tiers_commitment_changelist"))
        change = client.get(reverse("admin:tiers_commitment_change", args=[commitment.pk]))
    assert changelist.status_code == change.status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


def test_an_editor_who_has_just_written_reads_public_pages_from_the_primary():
    commitment = CommitmentFactory(title="Reassurance force")
    editor = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client = Client()
    client.force_login(editor)
    with Queries() as queries:
        client.get(commitment.get_absolute_url())
    assert len(queries.replica) > 0  # signed in, but has not written: the replica
    client.post(reverse("admin:logout"))  # any write by the session
    client.force_login(editor)
    client.post(reverse("tiers:commitment_list"))
    with Queries() as queries:
        page = client.get(commitment.get_absolute_url())
    assert "Reassurance force" in page.content.decode()
    assert len(queries.replica) == 0
    assert len(queries.primary) > 0


def test_public_reads_fall_back_to_the_primary_while_the_replica_is_down(monkeypatch):
    from django.db import OperationalError

    commitment = CommitmentFactory(title="Reassurance force")

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(routing, "_down_until", 0.0)
    with Queries() as queries:
        monkeypatch.setattr(connections[routing.REPLICA], "ensure_connection", unreachable)
        page = Client().get(commitment.get_absolute_url())
        again = Client().get(reverse("tiers:commitment_list"))
    assert page.status_code == again.status_code == 200
    assert "Reassurance force" in page.content.decode()
    assert len(queries.replica) == 0
    assert len(queries.primary) > 0
    assert routing._down_until > 0  # not tried again on every request


def test_writes_go_to_the_primary_even_during_a_public_request():
    router = routing.ReplicaRouter()
    token = routing._public_read.set(True)
    try:
        assert router.db_for_read(Commitment) == routing.REPLICA
        assert router.db_for_write(Commitment) == routing.PRIMARY
        # Sessions, users and login attempts are never read from a lagging copy.
        assert router.db_for_read(User) == routing.PRIMARY
        # Reads inside a transaction see the transaction's own writes.
        with transaction.atomic():
            assert router.db_for_read(Commitment) == routing.PRIMARY
    finally:
        routing._public_read.reset(token)


def test_commands_and_imports_use_the_primary():
    # No request marks them as public reads.
    assert routing.ReplicaRouter().db_for_read(Commitment) == routing.PRIMARY
    assert Commitment.objects.all().db == routing.PRIMARY


def test_without_a_replica_everything_uses_the_primary(monkeypatch):
    monkeypatch.delitem(settings.DATABASES, routing.REPLICA)
    token = routing._public_read.set(True)
    try:
        assert routing.ReplicaRouter().db_for_read(Commitment) == routing.PRIMARY
    finally:
        routing._public_read.reset(token)


def test_the_replica_url_adds_a_mirrored_alias_that_is_never_migrated():
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.db import router; "
        "r = settings.DATABASES['replica']; "
        "print(r['HOST'], r['NAME'], r['TEST']['MIRROR'], r['CONN_HEALTH_CHECKS'], "
        "router.allow_migrate('replica', 'tiers'), router.allow_migrate('default', 'tiers'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env |= {
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "guarantees_site.settings",
        "DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/guarantees",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "replica.internal",
        "guarantees",
        "default",
        "True",
        "False",
        "True",
    ]
