"""Search latency over a large synthetic set of parties. Prints figures; asserts
nothing (speed is measured here, never in tests).

    make bench-search                      # SQLite, bench/search.sqlite3
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker_bench \\
        make bench-search                  # PostgreSQL (createdb it first)
    BENCH_PARTIES=20000 make bench-search  # a smaller set

The data set is built once (deterministic: seed 7) and reused while it has the
requested number of parties. Each query runs warm, BENCH_RUNS times.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'search.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from proceedings import search  # noqa: E402
from proceedings.models import (  # noqa: E402
    Case,
    Court,
    Participation,
    Party,
    PartyName,
    SearchEntry,
)

PARTIES = int(os.environ.get("BENCH_PARTIES", 100_000))
RUNS = int(os.environ.get("BENCH_RUNS", 20))

FIRST = [
    "Айдар",
    "Асель",
    "Бауыржан",
    "Гульнара",
    "Данияр",
    "Ерлан",
    "Жанна",
    "Ильяс",
    "Касым",
    "Лейла",
    "Мадина",
    "Мухтар",
    "Нурлан",
    "Ольга",
    "Рустам",
    "Сергей",
    "Тимур",
    "Ульяна",
    "Фарида",
    "Юрий",
    "Виктор",
    "Галина",
    "Әлия",
    "Қайрат",
    "Ғалым",
    "Ұлан",
    "Өмір",
    "Айгерим",
    "Берик",
    "Дина",
]
LAST = [
    "Абенов",
    "Ахметов",
    "Байжанов",
    "Ветров",
    "Габдуллин",
    "Джаксыбеков",
    "Есенов",
    "Жумабаев",
    "Ибраев",
    "Калмагамбетов",
    "Кенжебаев",
    "Лукин",
    "Мамытов",
    "Назарбеков",
    "Нурланов",
    "Оспанов",
    "Петров",
    "Рахимов",
    "Сагинтаев",
    "Тулегенов",
    "Уразов",
    "Федоров",
    "Хасенов",
    "Цой",
    "Чернов",
    "Шаймерденов",
    "Щукин",
    "Ыбыраев",
    "Ысқақов",
    "Қасымов",
    "Ғабитов",
    "Өтебаев",
    "Ұзақов",
    "Сыдыков",
]


def variant(latin):
    """A spelling another newspaper might use."""
    return (
        latin.replace("kh", "h")
        .replace("ov", "ow")
        .replace("y", "i")
        .replace("u", "ou")
        .replace("zh", "j")
    )


def build():
    rng = random.Random(7)
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        Participation.objects.all().delete()
        Case.objects.all().delete()
        PartyName.objects.all().delete()
        Party.objects.all().delete()
        Court.objects.all().delete()
        court = Court.objects.create(
            name="Bench Court", slug="bench-court", country="KZ"
        )
        parties = []
        for n in range(PARTIES):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if first[-1] in "аяь" and last.endswith(("ов", "ев", "ин")):
                last += "а"
            native = f"{first} {last}"
            parties.append(
                Party(
                    name=search.fold(native).title(),
                    slug=f"party-{n}",
                    is_published=rng.random() < 0.9,
                )
            )
        Party.objects.bulk_create(parties, batch_size=5000)
        names = []
        for party in Party.objects.only("id", "name").iterator(chunk_size=5000):
            names.append(PartyName(party=party, name=variant(party.name)))
        PartyName.objects.bulk_create(names, batch_size=5000, ignore_conflicts=True)
        ids = list(Party.objects.values_list("id", flat=True))
        cases = Case.objects.bulk_create(
            [
                Case(
                    court=court,
                    title=f"Bench case {n}",
                    slug=f"bench-case-{n}",
                    number=f"{n % 30 + 1}:{n % 20 + 10}-cv-{n:05d}",
                    kind="civil",
                    is_published=True,
                )
                for n in range(PARTIES // 10)
            ],
            batch_size=5000,
        )
        Participation.objects.bulk_create(
            [
                Participation(case=case, party_id=party_id, role=role)
                for case in cases
                for party_id, role in zip(
                    rng.sample(ids, 5),
                    ["defendant", "claimant", "witness", "judge", "counsel"],
                    strict=True,
                )
            ],
            batch_size=5000,
        )
        started = time.perf_counter()
        entries = search.rebuild()
        return entries, time.perf_counter() - started


def measure(query):
    search.search(query)  # warm
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        results = search.search(query)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return results.count, timings


def main():
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if Party.objects.count() != PARTIES:
        print(f"building {PARTIES:,} synthetic parties (seed 7)…", flush=True)
        started = time.perf_counter()
        entries, index_seconds = build()
        print(
            f"built in {time.perf_counter() - started:.1f} s; "
            f"{entries:,} search entries indexed in {index_seconds:.1f} s"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after bulk loading
    print(
        f"parties: {Party.objects.count():,} ({Party.objects.published().count():,} "
        f"published), other names: {PartyName.objects.count():,}, "
        f"cases: {Case.objects.count():,}, search entries: "
        f"{SearchEntry.objects.count():,}"
    )
    queries = [
        ("exact display name", Party.objects.published().first().name),
        ("Cyrillic surname", "Калмагамбетов"),
        ("Latin surname", "Nurlanov"),
        ("variant spelling", "Nourlanow"),
        ("two words, reversed", "Nurlanov Ilyas"),
        ("partial name", "Kalmagam"),
        ("typo", "Kalmagambetvo"),
        # typed without the office prefix and the punctuation: "29cv00099"
        ("case number", Case.objects.last().number.split(":")[1].replace("-", "")),
        ("no match", "Zzyzx"),
    ]
    header = ["p50 ms", "p95 ms", "max ms"]
    print(
        f"\n{'query':<22} {'text':<20} {'hits':>5} "
        + " ".join(f"{h:>8}" for h in header)
    )
    overall = []
    for label, query in queries:
        count, timings = measure(query)
        overall += timings
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{label:<22} {query[:20]:<20} {count:>5} "
            f"{statistics.median(timings):>8.1f} {p95:>8.1f} {timings[-1]:>8.1f}"
        )
    overall.sort()
    print(
        f"\nall queries: p50 {statistics.median(overall):.1f} ms, "
        f"p95 {overall[int(len(overall) * 0.95) - 1]:.1f} ms over {len(overall)} runs"
    )


if __name__ == "__main__":
    main()
