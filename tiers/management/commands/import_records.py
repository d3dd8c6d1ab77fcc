"""Import a file of records from the command line, all or nothing, as the admin does."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...importing.files import check_size
from ...importing.formats import FORMATS_BY_EXTENSION, FileProblem, format_for_name
from ...importing.resources import RESOURCES


class Command(BaseCommand):
    help = (
        "Import a CSV, XLSX or JSON file of one record type (see docs/import-format.md). "
        "A file with any bad row writes nothing; every problem is printed as "
        "'row N, column: message' and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("type", choices=list(RESOURCES), help="The record type of the file.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the whole file and report what would change, writing nothing.",
        )
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS_BY_EXTENSION),
            help="The file's format, when its name does not end in .csv, .xlsx or .json.",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            check_size(path.stat().st_size)
            file_format = (
                FORMATS_BY_EXTENSION[options["format"]]()
                if options["format"]
                else format_for_name(path.name)
            )
            dataset = file_format.create_dataset(path.read_bytes())
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except FileProblem as problem:
            raise CommandError(f"{path}: {problem}") from None

        resource = RESOURCES[options["type"]](html_diff=False, progress=self.progress)
        result = resource.import_data(dataset, dry_run=options["dry_run"])
        if result.has_errors() or result.has_validation_errors():
            for line in result.messages():
                self.stderr.write(f"{path}: {line}")
            raise CommandError(f"{path}: nothing was imported.")

        totals = result.totals
        summary = (
            f"{options['type']}: {totals['new']} new, {totals['update']} updated, "
            f"{totals['skip']} unchanged"
        )
        if options["dry_run"]:
            summary += " (dry run: nothing was written)"
        self.stdout.write(summary)

    progress_from = 2000  # rows; shorter files import in a moment

    def progress(self, done: int, total: int) -> None:
        """A line rewritten in place on long files, so a terminal shows the import moving."""
        if total < self.progress_from:
            return
        end = "\r" if sys.stderr.isatty() and done < total else "\n"
        self.stderr.write(f"checked {done:,} of {total:,} rows", ending=end)
