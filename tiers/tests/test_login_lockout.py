"""Repeated failed admin logins lock the account and the address out for a while (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

LOGIN = reverse("admin:login")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="right-password", is_staff=True)


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(client, times, username="editor", address="10.0.0.1"):
    """Fail ``times`` times; the failure that reaches the limit is answered with the lockout."""
    for attempt in range(1, times + 1):
        expected = 429 if attempt >= settings.AXES_FAILURE_LIMIT else 200
        assert login(client, username, "wrong", address).status_code == expected


def test_the_right_password_works_before_the_limit(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert login(client, "editor", "right-password").status_code == 302


def test_the_account_is_locked_after_the_limit_even_with_the_right_password(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT)
    response = login(client, "editor", "right-password")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_follows_the_account_to_another_address(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT, address="10.0.0.1")
    assert login(client, "editor", "right-password", address="10.0.0.2").status_code == 429


def test_the_lock_covers_the_address_whatever_the_account(client, editor, django_user_model):
    django_user_model.objects.create_user("other", password="other-password", is_staff=True)
    fail(client, settings.AXES_FAILURE_LIMIT, username="someone", address="10.0.0.9")
    assert login(client, "other", "other-password", address="10.0.0.9").status_code == 429
    assert login(client, "other", "other-password", address="10.0.0.10").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT)
    assert login(client, "editor", "right-password").status_code == 429
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - 2 * cool_off)
    assert login(client, "editor", "right-password").status_code == 302
