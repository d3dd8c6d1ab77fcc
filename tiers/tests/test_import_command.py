"""``manage.py import_records``, and the example files of docs/examples imported with it."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tiers.importing import engine
from tiers.importing.resources import RESOURCES
from tiers.management.commands.import_records import Command
from tiers.models import Actor, Commitment, StatusChange
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
ACTORS = [
    {"slug": "germany", "name": "Germany", "kind": "state", "iso code": "DE"},
    {"slug": "poland", "name": "Poland", "kind": "state", "iso code": "PL"},
]


def run(*args):
    """Run the command; return (stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_records", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("references")
def test_it_imports_a_file(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_file(*ACTORS))

    out, _err = run("actors", str(path))

    assert out == "actors: 2 new, 0 updated, 0 unchanged\n"
    assert Actor.objects.filter(slug__in=["germany", "poland"]).count() == 2


@pytest.mark.usefixtures("references")
def test_a_dry_run_checks_and_writes_nothing(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_file(*ACTORS))

    out, _err = run("actors", str(path), "--dry-run")

    assert out == "actors: 2 new, 0 updated, 0 unchanged (dry run: nothing was written)\n"
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.usefixtures("references")
def test_a_bad_row_prints_every_problem_writes_nothing_and_fails(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_file(ACTORS[0], ACTORS[1] | {"iso code": "FR", "kind": "empire"}))

    with pytest.raises(CommandError, match="nothing was imported") as failure:
        run("actors", str(path))

    assert failure.value.returncode == 1
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.usefixtures("references")
def test_the_problems_are_printed_as_row_and_column(tmp_path, capsys):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_file(ACTORS[0] | {"iso code": "XX"}))
    with pytest.raises(SystemExit) as exit_:
        call_command_from_shell("actors", str(path))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert f"{path}: row 1, iso code: “XX” is not an ISO 3166-1 alpha-2 country code" in err


def call_command_from_shell(*args):
    """As the shell runs it: errors printed and a non-zero exit status."""
    Command().run_from_argv(["manage.py", "import_records", *args])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "no such file"),
        ("actors.txt", b"slug\n", "does not end in .csv, .xlsx or .json"),
        ("actors.json", b"not json", "The file is not valid JSON"),
    ],
)
@pytest.mark.usefixtures("references")
def test_an_unreadable_file_fails_in_words(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("actors", str(path))


@pytest.mark.usefixtures("references")
def test_the_format_can_be_named(tmp_path):
    path = tmp_path / "actors.data"
    path.write_bytes(csv_file(*ACTORS))
    out, _err = run("actors", str(path), "--format", "csv")
    assert out.startswith("actors: 2 new")


@pytest.mark.usefixtures("references")
def test_a_long_file_shows_its_progress(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(Command, "progress_from", 2)
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_file(*ACTORS))

    _out, err = run("actors", str(path))

    assert err == "checked 1 of 2 rows\nchecked 2 of 2 rows\n"


def test_every_example_file_imports_cleanly_in_dependency_order(seed):
    for type_name in RESOURCES:
        out, _err = run(type_name, str(EXAMPLES / f"{type_name}.csv"))
        assert " 0 updated, 0 unchanged" in out, type_name
    commitment = Commitment.objects.get(slug="example-commitment")
    assert commitment.visibility == "draft"
    figure = commitment.figures.get()
    assert (figure.key, figure.value, figure.currency, figure.period_display) == (
        "example-commitment-eur",
        1_000_000,
        "EUR",
        "2025–2027",
    )
    assert figure.status_change == StatusChange.objects.get(commitment=commitment)
    assert sorted(commitment.sources.values_list("key", flat=True)) == [
        "example-source",
        "unn-2026-02-03-rutte-three-levels",
    ]
    assert StatusChange.objects.get(commitment=commitment).statement.slug == "example-statement"

    for type_name in RESOURCES:  # a second time: every row unchanged
        out, _err = run(type_name, str(EXAMPLES / f"{type_name}.csv"))
        assert out.endswith(" 0 new, 0 updated, 1 unchanged\n"), type_name


@pytest.mark.usefixtures("references")
def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 10
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_file(*ACTORS))
    with pytest.raises(CommandError, match="files of at most 0.0 MB can be imported"):
        run("actors", str(path))
    assert not Actor.objects.filter(slug="germany").exists()
