"""backup_database and restore_database: a pg_dump that restores to exactly what was saved."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tiers.models import Commitment

from .factories import CommitmentFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups use pg_dump and pg_restore"
    ),
    # pg_dump reads through its own connection, so the rows must be committed.
    pytest.mark.django_db(transaction=True),
]


def titles():
    return sorted(Commitment.objects.values_list("title", flat=True))


def test_a_backup_restores_what_was_saved(tmp_path, capsys):
    kept = CommitmentFactory(title="Air policing")
    doomed = CommitmentFactory(title="Training brigades")
    backup = tmp_path / "tracker.dump"
    call_command("backup_database", output=backup)
    assert backup.stat().st_size > 0
    assert not (tmp_path / "tracker.dump.partial").exists()

    Commitment.objects.filter(pk=kept.pk).update(title="Changed after the backup")
    doomed.delete()
    CommitmentFactory(title="Added after the backup")

    call_command("restore_database", backup, yes=True)
    assert titles() == ["Air policing", "Training brigades"]
    assert "Restored" in capsys.readouterr().out
    # The restored database goes on working: sequences were restored with the rows.
    CommitmentFactory(title="Added after the restore")
    assert len(titles()) == 3


def test_a_restore_needs_confirmation_and_changes_nothing_without_it(tmp_path):
    CommitmentFactory(title="Air policing")
    backup = tmp_path / "tracker.dump"
    call_command("backup_database", output=backup)
    CommitmentFactory(title="Added after the backup")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_database", backup)
    assert titles() == ["Added after the backup", "Air policing"]


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(tmp_path):
    CommitmentFactory(title="Air policing")
    bogus = tmp_path / "bogus.dump"
    bogus.write_bytes(b"PGDMP this is not really a dump")
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore_database", bogus, yes=True)
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore_database", tmp_path / "missing.dump", yes=True)
    assert titles() == ["Air policing"]
