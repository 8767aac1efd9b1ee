"""What a page costs in each language: the same pages in English, in Russian with
nothing translated (every text falls back to English, marked), and in Russian
with every case's and court's text translated.

    .venv/bin/python bench/languages.py        (or: make bench-languages)

In-process, against the bench database (bench/data/cases-100000-seed-1.sqlite3,
made by `make bench`; DATABASE_URL=postgres://… for PostgreSQL), with DEBUG off
and nothing cached (RESPONSE_CACHE=off), so every request renders. The
translations are written inside a transaction rolled back at the end. Each figure
is the median of BENCH_PICTURE_REPEAT runs (15) after one warm-up, as
bench/pictures.py measures them. Figures are printed, never asserted;
bench/RESULTS.md quotes them.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pictures  # noqa: E402  (bench/pictures.py: setup() and measure())


class Rollback(Exception):
    pass


def translate_everything():
    """A Russian title, summary and court name for every case and court."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from proceedings.models import Case, Court

    Case.objects.update(
        title_ru=Concat(Value("Дело: "), F("title")),
        summary_ru=Concat(Value("Кратко: "), F("summary")),
    )
    Court.objects.update(name_ru=Concat(Value("Суд: "), F("name")))


def main():
    pictures.setup()
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client

    from proceedings.models import Case, Party

    client = Client()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    case = Case.objects.published().order_by("id").first()
    party = (
        Party.objects.published()
        .annotate(cases=Count("participations"))
        .order_by("-cases", "id")
        .first()
    )
    pages = [
        ("case page", f"/cases/{case.slug}/"),
        (f"party page ({party.cases} proceedings)", f"/parties/{party.slug}/"),
        ("case list", "/cases/"),
        ("court list", "/courts/"),
        ("API case", f"/api/v1/cases/{case.slug}/"),
        ("API case list", "/api/v1/cases/"),
    ]
    print(
        f"# Languages: {Case.objects.published().count():,} published cases on "
        f"{engine}, median of {pictures.REPEAT} runs, nothing cached"
    )
    print()

    def column(prefix):
        figures = {}
        for what, path in pages:
            address = (
                f"{path}?lang=ru"
                if prefix and path.startswith("/api/")
                else prefix + path
            )
            figures[what] = pictures.measure(client, address)
        return figures

    english = column("")
    untranslated = column("/ru")
    try:
        with transaction.atomic():
            translate_everything()
            translated = column("/ru")
            raise Rollback
    except Rollback:
        pass

    print(
        "| page | English ms (queries) | Russian, nothing translated | "
        "Russian, all translated |"
    )
    print("|---|---|---|---|")
    for what, _path in pages:
        cells = [
            f"{ms:.1f} ({queries})"
            for ms, queries, _size in (
                english[what],
                untranslated[what],
                translated[what],
            )
        ]
        print(f"| {what} | " + " | ".join(cells) + " |")
    print()


if __name__ == "__main__":
    main()
