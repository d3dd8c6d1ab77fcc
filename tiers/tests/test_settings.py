"""Settings come from the environment, and a bad value stops the start naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(({},))"
# Each probe prints a tuple of the expressions it is given.


def start(env_overrides, expression="settings.DEBUG"):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="guarantees_site.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(expression)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = start({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_starts_with_a_secret_key_and_debug_off():
    result = start({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "settings.DEBUG, settings.TIME_ZONE")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(False, 'UTC')"


def test_a_development_key_is_allowed_while_debugging():
    result = start({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "variable,value",
    [
        ("DEBUG", "perhaps"),
        ("DATABASE_URL", "not-a-url"),
        ("DATABASE_URL", "mongodb://localhost/db"),
        ("DATABASE_CONN_MAX_AGE", "ten"),
    ],
)
def test_a_malformed_value_stops_the_start_naming_the_variable(variable, value):
    result = start({"DEBUG": "1", variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.splitlines()[-1]


def test_the_embedded_default_is_an_sqlite_file_in_the_project_folder():
    result = start({"DEBUG": "1"}, "settings.DATABASES['default']['NAME']")
    assert result.stdout.strip() == repr((str(ROOT / "db.sqlite3"),))


def test_database_url_selects_postgresql():
    result = start(
        {"DEBUG": "1", "DATABASE_URL": "postgres://user@db.example:5433/tracker"},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['PORT']",
    )
    assert result.stdout.strip() == "('django.db.backends.postgresql', 5433)"


def test_allowed_hosts_come_from_a_comma_separated_list():
    result = start(
        {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.example, b.example"},
        "settings.ALLOWED_HOSTS",
    )
    assert result.stdout.strip() == "(['a.example', 'b.example'],)"
