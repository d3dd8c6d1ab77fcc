import time

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from tiers.open_data import releases


class Command(BaseCommand):
    help = (
        "Cut a release of the open data now, in this process: an immutable, dated snapshot of "
        "every published record in every format, with its checksums, changelog and citation "
        "(the admin queues the same for `manage.py db_worker`). Prints its version and files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--note", default="", help="Words for readers, shown on its page.")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            release = releases.cut(note=options["note"])
        except releases.ReleaseProblem as exc:
            raise CommandError(str(exc)) from None
        for file in release.build.files.order_by("pk"):
            self.stdout.write(f"{file.name:28} {filesizeformat(file.size):>10}  {file.sha256}")
        counts = ", ".join(f"{name} {count}" for name, count in release.counts.items())
        self.stdout.write(f"Records: {counts}.")
        self.stdout.write(
            f"Release {release.name} cut in {time.monotonic() - started:.1f} s: "
            f"{releases.release_path(release)}"
        )
