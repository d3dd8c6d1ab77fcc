import datetime
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ._postgres import client_environment, describe


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database with pg_dump (custom format, every table, no owners), "
        "to be restored with restore_database. See docs/deploy.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="File to write; default backups/<database>-<UTC time>.dump beside manage.py.",
        )
        parser.add_argument("--database", default="default", help="Database alias to back up.")

    def handle(self, *args, output, database, **options):
        env = client_environment(database)
        pg_dump = shutil.which("pg_dump")
        if not pg_dump:
            raise CommandError("pg_dump is not installed (Debian: apt install postgresql-client)")
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            name = settings.DATABASES[database]["NAME"]
            output = settings.BASE_DIR / "backups" / f"{name}-{stamp}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed once complete: a file with the final name is
        # always a whole backup.
        partial = output.with_name(output.name + ".partial")
        result = subprocess.run(  # noqa: S603 (a fixed program; no shell)
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", partial],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump of {describe(database)} failed: {result.stderr.strip()}")
        partial.replace(output)
        size = output.stat().st_size
        self.stdout.write(f"Backed up {describe(database)} to {output} ({size:,} bytes).")
