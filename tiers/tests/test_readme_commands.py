"""The README's commands work as written on a fresh checkout, from a shell that sets nothing;
production still refuses to start without a real key; every dependency is documented."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guarantees_site.env import load_env_file

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MANAGE_COMMANDS = re.findall(r"`(\.venv/bin/python manage\.py [^`]+)`", README)

# What a test run must add to a command meant for a person: answers to its questions, and a
# smaller data set than a benchmark's.
ADAPTED = {
    "createsuperuser": lambda argv: [*argv, "--noinput"],
    "generate_synthetic": lambda argv: [re.sub(r"^\d{3,}$", "12", arg) for arg in argv],
}
SUPERUSER = {
    "DJANGO_SUPERUSER_USERNAME": "editor",
    "DJANGO_SUPERUSER_EMAIL": "editor@example.org",
    "DJANGO_SUPERUSER_PASSWORD": "a-long-password-for-tests",
}


def fresh_shell() -> dict:
    """The environment of a new login shell: no DEBUG, no SECRET_KEY, nothing of this run's."""
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    return {name: value for name, value in os.environ.items() if name in keep}


def run(command, cwd, env=None, timeout=300):
    return subprocess.run(
        command,
        cwd=cwd,
        env=fresh_shell() | (env or {}),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the repository's files as a clone has them, set up as the README says (`make
    setup`, then the migrations and seed of `make run`), sharing this run's virtualenv."""
    folder = tmp_path_factory.mktemp("clone")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    (folder / ".venv").symlink_to(Path(sys.prefix))
    # The virtualenv is this run's: make must not reinstall it (-o: consider it up to date).
    result = run(
        ["make", "-o", ".venv/.installed", "-o", ".venv/bin/python", "seed"],  # noqa: S607
        folder,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def test_the_readme_shows_the_manage_py_commands_this_test_knows():
    names = {command.split()[2] for command in MANAGE_COMMANDS}
    assert names == set(ADAPTED), "a new README command: say here how a test runs it"


@pytest.mark.parametrize("command", MANAGE_COMMANDS)
def test_each_manage_py_command_of_the_readme_runs_as_written(checkout, command):
    argv = command.split()
    argv = ADAPTED[argv[2]](argv)
    result = run(argv, checkout, env=SUPERUSER)
    assert result.returncode == 0, f"{' '.join(argv)}\n{result.stdout}{result.stderr}"


def test_gunicorn_still_refuses_to_start_without_a_key_when_debug_is_off(checkout):
    assert "DEBUG=1" in (checkout / ".env").read_text()
    probe = "import guarantees_site.wsgi"
    result = run([".venv/bin/python", "-c", probe], checkout)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    with_key = run([".venv/bin/python", "-c", probe], checkout, {"SECRET_KEY": "k" * 50})
    assert "DisallowedHost" not in with_key.stderr  # it starts, with DEBUG off
    assert with_key.returncode == 0, with_key.stderr


def test_the_real_environment_wins_over_the_env_file(checkout):
    result = run(
        [".venv/bin/python", "manage.py", "check"], checkout, {"DEBUG": "0"}
    )  # DEBUG=0 from the environment: the .env's DEBUG=1 does not apply, so no key, no start
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_the_env_file_reader(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\n\nexport READER_A=1\nREADER_B='two words'\nREADER_C=3\n")
    monkeypatch.setenv("READER_C", "from the environment")
    for name in ("READER_A", "READER_B"):
        monkeypatch.delenv(name, raising=False)
    load_env_file(env_file)
    assert os.environ["READER_A"] == "1" and os.environ["READER_B"] == "two words"
    assert os.environ["READER_C"] == "from the environment"
    load_env_file(tmp_path / "absent")  # no file, nothing to do
    env_file.write_text("READER_D=1\nnot a setting\n")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=r"\.env, line 2: 'not a setting'"):
        load_env_file(env_file)


def requirement_names():
    for file in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / file).read_text().splitlines():
            if "==" in line:
                yield re.sub(r"\[.*\]", "", line.split("==")[0]).strip()
    import json

    package = json.loads((ROOT / "package.json").read_text())
    yield from package.get("dependencies", {})
    yield from package.get("devDependencies", {})


def test_every_dependency_is_listed_in_docs_dependencies():
    text = (ROOT / "docs" / "dependencies.md").read_text().lower().replace("_", "-")
    names = list(requirement_names())
    assert len(names) > 10
    missing = [
        name
        for name in names
        if not re.search(rf"(?<![\w-]){re.escape(name.lower().replace('_', '-'))}(?![\w-])", text)
    ]
    assert missing == [], "add each to docs/dependencies.md, with why"
