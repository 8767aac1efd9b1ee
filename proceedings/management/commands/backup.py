from django.core.management.base import BaseCommand, CommandError

from proceedings import backups


class Command(BaseCommand):
    help = (
        "Write the whole database (records, history, users and groups, the admin "
        "log, sessions) to FILE, a zip with a manifest, with the database's own "
        "tools: pg_dump for PostgreSQL, SQLite's backup API. `manage.py restore "
        "FILE` puts it back. Safe while the site is serving."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup (a .zip).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, database, **options):
        try:
            manifest = backups.backup(file, using=database)
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        except Exception as error:  # the engine's tools, e.g. a missing pg_dump
            raise CommandError(f"The backup failed: {error}") from None
        counts = ", ".join(f"{n} {name}" for name, n in manifest["counts"].items())
        self.stdout.write(
            f"Backed up the {manifest['engine']} database to {file} ({counts})."
        )
