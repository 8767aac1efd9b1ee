import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from proceedings import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by `manage.py "
        "backup`: records, history, users and groups, the admin log and sessions "
        "come back exactly. Then migrates (a backup of an older release is brought "
        "up to date), rebuilds the search index and makes every cached answer from "
        "before unreachable. The current contents are first saved to a backup of "
        "their own unless --no-save-current is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup written by `manage.py backup`.")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--save-current",
            metavar="FILE",
            help="Where to save the current contents first (default: "
            "before-restore-<time>.zip beside the backup).",
        )
        parser.add_argument(
            "--no-save-current",
            action="store_true",
            help="Do not save the current contents first.",
        )

    def handle(self, *args, file, database, interactive, **options):
        try:
            manifest = backups.check(file, using=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        name = connections[database].settings_dict["NAME"]
        counts = ", ".join(f"{n} {kind}" for kind, n in manifest["counts"].items())
        if interactive:
            answer = input(
                f"This replaces everything in the database {name} with the backup "
                f"of {manifest['created']} ({counts}). Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        if not options["no_save_current"]:
            saved = options["save_current"] or Path(file).with_name(
                "before-restore-"
                f"{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%SZ}.zip"
            )
            backups.backup(saved, using=database)
            self.stdout.write(f"Saved the current contents to {saved}.")
        try:
            backups.restore(file, using=database, manifest=manifest)
        except Exception as error:
            raise CommandError(f"The restore failed: {error}") from None
        self.stdout.write(
            f"Restored {file} (made {manifest['created']}: {counts}); migrated, "
            "search index rebuilt, caches renewed."
        )
