from django.core.management.base import BaseCommand
from django.db import transaction

from proceedings import cache, search


class Command(BaseCommand):
    help = (
        "Recompute the search keys of every party, case, court and ruling. Keys are "
        "kept up to date on every save; run this after changing the key rules in "
        "proceedings/search.py or after loading data with signals off."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            total = search.rebuild()
            cache.advance()  # search answers may change
        self.stdout.write(f"Indexed {total} texts.")
