import shutil
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ._postgres import client_environment, describe


class Command(BaseCommand):
    help = (
        "Replace the PostgreSQL database's contents with a backup made by backup_database. "
        "All or nothing: the restore runs in one transaction. See docs/deploy.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="A .dump file written by backup_database.")
        parser.add_argument("--database", default="default", help="Database alias to restore.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current contents are replaced."
        )

    def handle(self, *args, backup, database, yes, **options):
        env = client_environment(database)
        pg_restore = shutil.which("pg_restore")
        if not pg_restore:
            raise CommandError(
                "pg_restore is not installed (Debian: apt install postgresql-client)"
            )
        if not backup.is_file():
            raise CommandError(f"There is no backup file at {backup}")
        listing = subprocess.run(  # noqa: S603 (a fixed program; no shell)
            [pg_restore, "--list", backup], env=env, capture_output=True, text=True
        )
        if listing.returncode != 0:
            raise CommandError(
                f"{backup} is not a backup made by backup_database (pg_dump custom format): "
                f"{listing.stderr.strip()}"
            )
        if not yes:
            raise CommandError(
                f"This replaces every table of {describe(database)} with {backup}; "
                "run again with --yes to do it."
            )
        # Our own open connections would hold locks on the tables being replaced.
        connections.close_all()
        result = subprocess.run(  # noqa: S603
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                env["PGDATABASE"],
                backup,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(
                f"Restoring {backup} into {describe(database)} failed and changed nothing: "
                f"{result.stderr.strip()}"
            )
        self.stdout.write(f"Restored {describe(database)} from {backup}.")
