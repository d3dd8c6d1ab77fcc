"""/healthz says the process answers; /readyz that the databases answer and are migrated."""

import json

import pytest
from django.db import OperationalError, connections
from django.test import Client

from guarantees_site import health


def test_healthz_answers_without_touching_the_database(client):
    # No database access is allowed in this test: any query would fail it.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_answers_and_is_migrated(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"] == {"database:default": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_readyz_is_unavailable_while_a_migration_is_not_applied(client, monkeypatch):
    known = health.known_migrations() | {("tiers", "9999_not_yet_applied")}
    monkeypatch.setattr(health, "known_migrations", lambda: known)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"] == "not applied: tiers.9999_not_yet_applied"


@pytest.mark.django_db
def test_readyz_is_unavailable_while_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {
        "database:default": "unreachable: OperationalError"
    }


def test_health_checks_only_answer_safe_methods(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = Client(raise_request_exception=False).get("/en/commitments/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_other_failures_answer_500(monkeypatch):
    def fail(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(connections["default"], "cursor", fail)
    response = Client(raise_request_exception=False).get("/en/commitments/")
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
