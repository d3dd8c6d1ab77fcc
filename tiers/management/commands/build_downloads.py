import time

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from tiers import content_version
from tiers.models import DownloadBuild
from tiers.open_data import download_builds


class Command(BaseCommand):
    help = (
        "Build the public downloads now, in this process, for the current content version "
        "(the site otherwise queues the build for `manage.py db_worker`). Prints each file's "
        "size and SHA-256 (and a CSV or JSON file's gzip size)."
    )

    def handle(self, *args, **options):
        version = content_version.current()
        if version is None:
            raise CommandError("The cache cannot be reached, so the content version is unknown.")
        started = time.monotonic()
        build = download_builds.build(version)
        if build is None:
            build = DownloadBuild.objects.filter(
                content_version=version, status=DownloadBuild.Status.FINISHED
            ).first()
            if build is None:
                raise CommandError(
                    f"The build of content version {version} is running in another process."
                )
            self.stdout.write(f"Content version {version} was built already.")
        for file in build.files.order_by("pk"):
            line = f"{file.name:28} {filesizeformat(file.size):>10}  {file.sha256}"
            if file.has_gzip:
                line += f"  gzip {filesizeformat(file.gzip_size)}"
            self.stdout.write(line)
        self.stdout.write(f"Content version {version}: {time.monotonic() - started:.1f} s.")
