import time

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from tiers import content_version, download_builds


class Command(BaseCommand):
    help = (
        "Build the public downloads now, in this process, for the current content version "
        "(the site otherwise queues the build for `manage.py db_worker`)."
    )

    def handle(self, *args, **options):
        version = content_version.current()
        if version is None:
            raise CommandError("The cache cannot be reached, so the content version is unknown.")
        started = time.monotonic()
        build = download_builds.build(version)
        if build is None:
            raise CommandError(
                f"The build of content version {version} is already running or has run."
            )
        for file in build.files.order_by("pk"):
            self.stdout.write(f"{file.name:28} {filesizeformat(file.size):>10}  {file.sha256}")
        self.stdout.write(f"Built content version {version} in {time.monotonic() - started:.1f} s.")
