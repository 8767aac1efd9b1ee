"""Deterministic synthetic proceedings for benchmarks: `--cases N --seed S`.

Courts in several countries; parties with Latin display names and Cyrillic or Latin
other names; about 5 participations, 3 rulings and 1 to 2 sanctions per case; sources.
Rows are bulk-inserted (no per-row signals), then the search keys are rebuilt once.
Every synthetic slug starts with "synthetic-", so `--replace` can remove a previous
set without touching real records.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from proceedings import cache, search
from proceedings.fields import DatePrecision
from proceedings.models import (
    Amount,
    Case,
    Court,
    Participation,
    Party,
    PartyName,
    Ruling,
    Sanction,
    Source,
)

PREFIX = "synthetic-"
BATCH = 5000

COUNTRIES = ["KZ", "RU", "GB", "US", "CH", "FR", "DE", "UA", "KG", "UZ"]
COURT_NAMES = [
    "Supreme Court",
    "Court of Appeal",
    "District Court",
    "Regional Court",
    "Administrative Court",
    "Criminal Court",
]
FIRST = [
    ("Айдар", "Aidar"),
    ("Асель", "Assel"),
    ("Бауыржан", "Baurzhan"),
    ("Гульнара", "Gulnara"),
    ("Данияр", "Daniyar"),
    ("Ерлан", "Yerlan"),
    ("Жанна", "Zhanna"),
    ("Ильяс", "Ilyas"),
    ("Касым", "Kasym"),
    ("Лейла", "Leyla"),
    ("Мадина", "Madina"),
    ("Мухтар", "Mukhtar"),
    ("Нурлан", "Nurlan"),
    ("Ольга", "Olga"),
    ("Рустам", "Rustam"),
    ("Сергей", "Sergei"),
    ("Тимур", "Timur"),
    ("Виктор", "Viktor"),
    ("Галина", "Galina"),
    ("Дина", "Dina"),
]
LAST = [
    ("Абенов", "Abenov"),
    ("Ахметов", "Akhmetov"),
    ("Байжанов", "Baizhanov"),
    ("Ветров", "Vetrov"),
    ("Габдуллин", "Gabdullin"),
    ("Есенов", "Yessenov"),
    ("Жумабаев", "Zhumabayev"),
    ("Ибраев", "Ibrayev"),
    ("Калмагамбетов", "Kalmagambetov"),
    ("Кенжебаев", "Kenzhebayev"),
    ("Мамытов", "Mamytov"),
    ("Назарбеков", "Nazarbekov"),
    ("Нурланов", "Nurlanov"),
    ("Оспанов", "Ospanov"),
    ("Петров", "Petrov"),
    ("Рахимов", "Rakhimov"),
    ("Сагинтаев", "Sagintayev"),
    ("Тулегенов", "Tulegenov"),
    ("Храпунов", "Khrapunov"),
    ("Шаймерденов", "Shaimerdenov"),
]
COMPANY = ["Holding", "Invest", "Capital", "Trading", "Development", "Bank"]
FEMALE_FIRST = {
    "Assel",
    "Gulnara",
    "Zhanna",
    "Leyla",
    "Madina",
    "Olga",
    "Galina",
    "Dina",
}


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete a previous synthetic set first (real records stay).",
        )

    def handle(self, *args, cases, seed, replace, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        if Case.objects.filter(slug__startswith=PREFIX).exists():
            if not replace:
                raise CommandError(
                    "A synthetic set exists already; add --replace to rebuild it."
                )
            self._delete()
        started = time.perf_counter()
        with transaction.atomic():
            counts = generate(cases=cases, seed=seed)
        indexed = search.rebuild()
        counts["search entries"] = indexed
        cache.advance()  # bulk inserts send no signals
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the new rows
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(
            f"Generated {summary} in {time.perf_counter() - started:.1f} s."
        )

    def _delete(self):
        with transaction.atomic(), cache.bulk():
            cases = Case.objects.filter(slug__startswith=PREFIX)
            Sanction.objects.filter(ruling__case__in=cases).delete()
            Ruling.objects.filter(case__in=cases).delete()
            Participation.objects.filter(case__in=cases).delete()
            cases.delete()
            Party.objects.filter(slug__startswith=PREFIX).delete()
            Court.objects.filter(slug__startswith=PREFIX).delete()
            Source.objects.filter(url__startswith=f"https://{PREFIX}").delete()


def _partial(rng, start_year, end_year):
    year = rng.randint(start_year, end_year)
    precision = rng.choices(
        [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], [6, 3, 1]
    )[0]
    month = rng.randint(1, 12) if precision != DatePrecision.YEAR else 1
    day = rng.randint(1, 28) if precision == DatePrecision.DAY else 1
    return datetime.date(year, month, day), precision


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def generate(*, cases, seed):
    """Insert the synthetic set; the same (cases, seed) gives the same rows."""
    rng = random.Random(seed)
    counts = {}

    courts = [
        Court(
            name=f"{name} of {country} No. {n}",
            slug=f"{PREFIX}court-{country.lower()}-{i}-{n}",
            country=country,
            kind=Court.Kind.COURT,
            level=Court.Level.FIRST_INSTANCE,
        )
        for country in COUNTRIES
        for i, name in enumerate(COURT_NAMES)
        for n in (1,)
    ]
    counts["courts"] = _bulk(Court, courts)
    courts = list(Court.objects.filter(slug__startswith=PREFIX).order_by("slug"))

    sources = [
        Source(
            title=f"Synthetic report {n}",
            publisher=rng.choice(["Court record", "News agency", "Law report"]),
            kind=Source.Kind.NEWS_REPORT,
            url=f"https://{PREFIX}sources.example/{seed}/{n}",
            language="en",
        )
        for n in range(max(1, cases // 10))
    ]
    counts["sources"] = _bulk(Source, sources)
    sources = list(
        Source.objects.filter(url__startswith=f"https://{PREFIX}").order_by("pk")
    )

    party_total = cases * 2
    parties, other_names = [], []
    for n in range(party_total):
        if rng.random() < 0.15:
            last = rng.choice(LAST)[1]
            name = f"{last} {rng.choice(COMPANY)} LLP"
            parties.append(Party(name=name, slug=f"{PREFIX}party-{n}", kind="company"))
            other_names.append((n, name.upper(), "", "Latn"))
            continue
        (first_cy, first), (last_cy, last) = rng.choice(FIRST), rng.choice(LAST)
        if first in FEMALE_FIRST:
            last, last_cy = f"{last}a", f"{last_cy}\u0430"  # Cyrillic a
        parties.append(
            Party(
                name=f"{first} {last}",
                slug=f"{PREFIX}party-{n}",
                kind=Party.Kind.PERSON,
                gender="female" if first in FEMALE_FIRST else "male",
                is_published=rng.random() < 0.95,
            )
        )
        other_names.append((n, f"{first_cy} {last_cy}", "ru", "Cyrl"))
    counts["parties"] = _bulk(Party, parties)
    party_ids = list(
        Party.objects.filter(slug__startswith=PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counts["other names"] = _bulk(
        PartyName,
        [
            PartyName(
                party_id=party_ids[n],
                name=name,
                kind=PartyName.Kind.NATIVE if script == "Cyrl" else PartyName.Kind.FULL,
                language=language,
                script=script,
            )
            for n, name, language, script in other_names
        ],
    )

    case_rows = []
    for n in range(cases):
        court = rng.choice(courts)
        opened, precision = _partial(rng, 1995, 2024)
        defendant = parties[rng.randrange(party_total)].name
        case_rows.append(
            Case(
                court=court,
                country=court.country,
                number=f"{n % 9 + 1}:{opened.year % 100:02d}-cv-{n:05d}",
                title=f"State v. {defendant}",
                slug=f"{PREFIX}case-{n}",
                kind=rng.choice(
                    [Case.Kind.CRIMINAL, Case.Kind.CIVIL, Case.Kind.ADMINISTRATIVE]
                ),
                status=rng.choice(Case.Status.values),
                opened=opened,
                opened_precision=precision,
                in_absentia=rng.random() < 0.1,
                summary=f"Synthetic proceeding {n} before the {court.name}.",
                is_published=rng.random() < 0.97,
            )
        )
    counts["cases"] = _bulk(Case, case_rows)
    case_list = list(
        Case.objects.filter(slug__startswith=PREFIX).order_by("pk").only("pk", "opened")
    )

    through = Case.sources.through
    counts["case sources"] = _bulk(
        through,
        [
            through(case_id=case.pk, source_id=rng.choice(sources).pk)
            for case in case_list
        ],
    )

    roles = ["defendant", "claimant", "witness", "judge", "counsel"]
    participations, rulings = [], []
    for case in case_list:
        for party_id, role in zip(rng.sample(party_ids, 5), roles, strict=True):
            participations.append(
                Participation(case_id=case.pk, party_id=party_id, role=role)
            )
        for k in range(3):
            date, precision = _partial(
                rng, case.opened.year, min(case.opened.year + 6, 2026)
            )
            rulings.append(
                Ruling(
                    case_id=case.pk,
                    court_id=None,
                    date=date,
                    date_precision=precision,
                    kind=rng.choice(
                        [Ruling.Kind.ORDER, Ruling.Kind.JUDGMENT, Ruling.Kind.DECISION]
                    ),
                    outcome=rng.choice(Ruling.Outcome.values),
                    title=f"Ruling {k + 1}",
                    is_published=True,
                )
            )
    counts["participations"] = _bulk(Participation, participations)
    counts["rulings"] = _bulk(Ruling, rulings)

    # Every published party and ruling needs a public source, as the admin
    # requires of an editor. Chosen by id, not drawn: the random stream, and so
    # everything else a seed gives, stays as it was.
    def with_sources(model, ids):
        through = model.sources.through
        owner = f"{model._meta.model_name}_id"
        return _bulk(
            through,
            [
                through(**{owner: pk, "source_id": sources[pk % len(sources)].pk})
                for pk in ids
            ],
        )

    counts["ruling sources"] = with_sources(
        Ruling,
        Ruling.objects.filter(case__slug__startswith=PREFIX).values_list(
            "pk", flat=True
        ),
    )
    counts["party sources"] = with_sources(Party, party_ids)

    last_rulings = list(
        Ruling.objects.filter(case__slug__startswith=PREFIX, title="Ruling 3")
        .order_by("pk")
        .values_list("pk", "case_id")
    )
    defendants = dict(
        Participation.objects.filter(
            case__slug__startswith=PREFIX, role="defendant"
        ).values_list("case_id", "party_id")
    )
    sanctions, fines = [], []
    for ruling_id, case_id in last_rulings:
        for _ in range(rng.choice([1, 2])):
            kind = rng.choice([Sanction.Kind.IMPRISONMENT, Sanction.Kind.FINE])
            fine = kind == Sanction.Kind.FINE
            sanctions.append(
                Sanction(
                    ruling_id=ruling_id,
                    party_id=defendants[case_id],
                    kind=kind,
                    term_months=None if fine else rng.randint(6, 240),
                    status=rng.choice(Sanction.Status.values),
                )
            )
            fines.append(
                (
                    rng.randint(1_000, 10_000_000),
                    rng.choice(["KZT", "USD", "EUR", "CHF"]),
                    rng.choice(Amount.Qualifier.values),
                )
                if fine
                else None
            )
    counts["sanctions"] = _bulk(Sanction, sanctions)
    sanction_ids = (
        Sanction.objects.filter(ruling__case__slug__startswith=PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counts["amounts"] = _bulk(
        Amount,
        [
            Amount(sanction_id=pk, amount=fine[0], currency=fine[1], qualifier=fine[2])
            for pk, fine in zip(sanction_ids, fines, strict=True)
            if fine is not None
        ],
    )
    return counts
