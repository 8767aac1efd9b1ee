from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from proceedings import cache


class Command(BaseCommand):
    help = (
        "Load the Khrapunov demo data set (fixtures/khrapunov.json). Safe to run "
        "again: rows have fixed ids, so a second run updates them instead of adding "
        "copies (whatever revision an editor has saved since). Loading is not an "
        "editorial change and adds no history."
    )

    def handle(self, *args, **options):
        with override_settings(SIMPLE_HISTORY_ENABLED=False), cache.bulk():
            call_command("loaddata", "khrapunov", verbosity=options["verbosity"])
