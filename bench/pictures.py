"""What the pictures cost at scale: a party's timeline and relationship map and a
case's appeal chain, on their own addresses and as part of their pages.

    .venv/bin/python bench/pictures.py        (or: make bench-pictures)

In-process, against the bench database (bench/data/cases-100000-seed-1.sqlite3,
made by `make bench`; DATABASE_URL=postgres://… for PostgreSQL), with DEBUG off
and nothing cached (RESPONSE_CACHE=off), so every request draws. The generated
data has proceedings but no relationships and no appeals, so the second half
adds, inside a transaction rolled back at the end, a web around one party
(WEB_FIRST relatives and companies, each with WEB_SECOND of their own) and a
chain of CHAIN appeals. Each figure is the median of BENCH_PICTURE_REPEAT runs
(15) after one warm-up. Figures are printed, never asserted; bench/RESULTS.md
quotes them.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_PICTURE_REPEAT", "15"))
WEB_FIRST, WEB_SECOND, CHAIN = 300, 10, 8


class Rollback(Exception):
    pass


def setup():
    """bench/facets.py's: profile_paths.setup() with nothing cached."""
    sys.path.insert(0, str(ROOT / "bench"))
    import facets

    facets.setup()


def measure(client, path):
    """(median ms, queries, bytes) of a GET of ``path``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    count = len(queries)  # now: the next request's start empties the log
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count, len(response.content)


def table(client, rows):
    print("| what | address | median (ms) | queries | bytes |")
    print("|---|---|---|---|---|")
    for what, path in rows:
        figures = measure(client, path)
        if figures is None:
            print(f"| {what} | `{path}` | nothing to draw: 404 | | |")
            continue
        ms, queries, size = figures
        print(f"| {what} | `{path}` | {ms:.1f} | {queries} | {size:,} |")
    print()


def web(party):
    """WEB_FIRST parties linked to ``party``, each with WEB_SECOND of its own."""
    from proceedings.models import Party, Relationship

    made = Party.objects.bulk_create(
        Party(name=f"Bench link {n}", slug=f"bench-link-{n}", is_published=True)
        for n in range(WEB_FIRST * (WEB_SECOND + 1))
    )
    first, second = made[:WEB_FIRST], made[WEB_FIRST:]
    links = [
        Relationship(subject=party, object=other, kind="associate") for other in first
    ]
    links += [
        Relationship(subject=near, object=second[n * WEB_SECOND + k], kind="owner")
        for n, near in enumerate(first)
        for k in range(WEB_SECOND)
    ]
    Relationship.objects.bulk_create(links)


def chain(case):
    """CHAIN published appeals above ``case``, each an appeal of the one below."""
    from proceedings.models import Case

    lower = case
    for n in range(CHAIN):
        lower = Case.objects.create(
            title=f"Bench appeal {n}",
            slug=f"bench-appeal-{n}",
            kind=case.kind,
            court=case.court,
            country=case.country,
            appeal_of=lower,
            is_published=True,
        )
    return lower


def main():
    setup()
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client

    from proceedings.models import Case, Party

    client = Client()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"# Pictures: {Case.objects.published().count():,} published cases on "
        f"{engine}, median of {REPEAT} runs, nothing cached"
    )
    print()
    busiest = (
        Party.objects.published()
        .annotate(cases=Count("participations"))
        .order_by("-cases", "id")
        .first()
    )
    case = Case.objects.published().order_by("id").first()
    print(f"The generated data; the party in most proceedings ({busiest.cases}):")
    print()
    party = f"/parties/{busiest.slug}/"
    table(
        client,
        [
            ("party page (both pictures)", party),
            ("timeline alone", party + "timeline.svg"),
            ("map alone", party + "network.svg"),
            ("case page, no appeals", f"/cases/{case.slug}/"),
        ],
    )
    try:
        with transaction.atomic():
            web(busiest)
            top = chain(case)
            print(
                f"With {WEB_FIRST} parties linked to it, each with {WEB_SECOND} of "
                f"its own ({WEB_FIRST * (WEB_SECOND + 1):,} within two steps, 39 "
                f"shown), and a chain of {CHAIN + 1} cases:"
            )
            print()
            table(
                client,
                [
                    ("party page (both pictures)", party),
                    ("map alone", party + "network.svg"),
                    ("case page, first of the chain", f"/cases/{case.slug}/"),
                    ("appeal chain alone", f"/cases/{top.slug}/appeals.svg"),
                ],
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
