"""Production security: the deployment checklist, response headers, cookies, admin path, limits."""

import importlib.util
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from .factories import CommitmentFactory, StatementFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-key-that-is-long-and-random-enough-0123456789abcdef",
    "ALLOWED_HOSTS": "tracker.example.org",
}


def run_manage(*args, env=None):
    # A production process starts without the test run's own switches (the browser tests
    # allow synchronous ORM calls beside Playwright's event loop).
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env):
    """The settings module evaluated as a production start would, without touching this one."""
    saved = dict(os.environ)
    os.environ.pop("DEBUG", None)
    os.environ.update(PRODUCTION | env)
    try:
        spec = importlib.util.spec_from_file_location(
            "guarantees_site.production_probe", ROOT / "guarantees_site" / "settings.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return module


SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture
def production(settings):
    """This test process with production's security settings, behind a TLS-terminating proxy."""
    module = production_settings(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(module, name))
    return module


HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


def test_the_deployment_checklist_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_checklist_notices_a_weakened_setting():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION | {"SECURE_COOKIES": "0"}
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


@pytest.mark.django_db
def test_a_plain_http_request_is_redirected_to_https(client, production):
    response = client.get("/en/about/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/about/"


@pytest.mark.django_db
def test_load_balancer_probes_are_answered_over_plain_http(client, production):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_request_the_proxy_marks_as_https_gets_every_security_header(client, production):
    response = client.get("/en/about/", **HTTPS)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_cached_responses_get_the_headers_too(client, production):
    client.get("/en/about/", **HTTPS)
    again = client.get("/en/about/", **HTTPS)
    assert "Content-Security-Policy" in again
    assert again["Strict-Transport-Security"].startswith("max-age=31536000")
    assert again["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_api_gets_the_headers(client, production):
    response = client.get("/api/v1/commitments/", **HTTPS)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_is_http_only(
    client, production, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-pass-42")
    login = reverse("admin:login")
    page = client.get(login, **HTTPS)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"]
    response = client.post(
        login,
        {"username": "editor", "password": "a-long-pass-42", "csrfmiddlewaretoken": csrf.value},
        HTTP_REFERER="https://testserver" + login,
        **HTTPS,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]


class ScriptFinder(HTMLParser):
    """Inline scripts, event handlers and style attributes: what the policy forbids."""

    def __init__(self):
        super().__init__()
        self.forbidden = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json":
            self.forbidden.append("inline <script>")
        if tag == "style":
            self.forbidden.append("<style> element")
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.forbidden.append(f"<{tag} {name}=…>")


def test_no_public_page_needs_inline_script_or_style(client, seed):
    commitment = CommitmentFactory()
    statement = StatementFactory(commitments=[commitment])
    pages = [
        reverse("tiers:home"),
        reverse("tiers:commitment_list"),
        reverse("tiers:actor_list"),
        reverse("tiers:statement_list"),
        reverse("tiers:timeline"),
        reverse("tiers:about"),
        reverse("tiers:changes"),
        commitment.get_absolute_url(),
        commitment.tier.get_absolute_url(),
        commitment.lead_actor.get_absolute_url(),
        statement.get_absolute_url(),
        reverse("open_data:downloads"),
        reverse("open_data:api_guide"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        finder = ScriptFinder()
        finder.feed(response.content.decode())
        assert finder.forbidden == [], url


def test_the_admin_lives_at_the_configured_path():
    probe = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env
        | {
            "DEBUG": "1",
            "ADMIN_PATH": "backstage-7f3a",
            "DJANGO_SETTINGS_MODULE": "guarantees_site.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/backstage-7f3a/"


@pytest.mark.django_db
@override_settings(REQUEST_MAX_BYTES=1000)
def test_a_body_above_the_limit_is_refused_before_it_is_read(client):
    response = client.post("/en/about/", data="x" * 1001, content_type="text/plain")
    assert response.status_code == 413
    assert b"1001 bytes" in response.content
    small = client.post("/en/about/", data="x" * 1000, content_type="text/plain")
    assert small.status_code != 413


@pytest.mark.parametrize(
    "variable,value",
    [
        ("SECURE_PROXY_SSL_HEADER", "X Forwarded Proto"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("PUBLIC_CACHE_SECONDS", "soon"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("ADMIN_PATH", "/"),
        ("REQUEST_MAX_BYTES", "lots"),
        ("DATABASE_REPLICA_URL", "not-a-url"),
    ],
)
def test_a_malformed_production_value_stops_the_start_naming_it(variable, value):
    result = run_manage("check", env=PRODUCTION | {variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]
