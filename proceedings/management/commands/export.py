import time

from django.core.management.base import BaseCommand, CommandError

from proceedings import exports


class Command(BaseCommand):
    help = (
        "Write the published data as files: FollowTheMoney JSON Lines, CSV tables "
        "(zipped, with a README of the columns) and the API's case and party "
        "documents as JSON Lines, with a manifest.json. Without DIR, build the set "
        "the site serves at /data/ (EXPORT_DIR), unless it is already up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help="Where to write the files; by default the site's own store.",
        )
        parser.add_argument(
            "--site",
            help="The site's address for the links in the files (default SITE_URL).",
        )

    def handle(self, *args, directory, site, **options):
        started = time.perf_counter()
        try:
            if directory:
                manifest = exports.write_set(directory, site)
                where = directory
            else:
                manifest = exports.current() or exports.publish(site)
                where = manifest["folder"]
        except (exports.ExportError, OSError) as error:
            raise CommandError(str(error)) from None
        for entry in manifest["files"]:
            total = sum(entry["records"].values())
            self.stdout.write(
                f"{entry['name']}: {entry['size']:,} bytes, {total:,} records"
            )
        self.stdout.write(
            f"Data version {manifest['data_version']}, written to {where} in "
            f"{time.perf_counter() - started:.1f} s."
        )
