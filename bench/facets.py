"""Facet counts at scale: what each facet costs alone, and what the facets add to a
list page and to an API list.

    .venv/bin/python bench/facets.py        (or: make bench-facets)

In-process, against the bench database (bench/data/cases-100000-seed-1.sqlite3,
made by `make bench`; DATABASE_URL=postgres://… for PostgreSQL), with DEBUG off
and nothing cached (RESPONSE_CACHE=off: no response cache, no per-version
counts), so every request computes its facets. Each figure is the median of
BENCH_FACET_REPEAT runs (15) after one warm-up. Figures are printed, never
asserted; bench/RESULTS.md quotes them.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_FACET_REPEAT", "15"))

# (list, FilterSet, an unfiltered and a filtered query)
LISTS = [
    ("cases", "CaseFilter", {}, {"kind": "criminal", "country": "KZ"}),
    ("parties", "PartyFilter", {}, {"role": "defendant"}),
    ("rulings", "RulingFilter", {}, {"country": "CH"}),
    ("sanctions", "SanctionFilter", {}, {"status": "imposed"}),
]


def setup():
    """profile_paths.setup(), with nothing cached: every request computes."""
    os.environ.setdefault("RESPONSE_CACHE", "off")
    sys.path.insert(0, str(ROOT / "bench"))
    import profile_paths

    profile_paths.setup()


def median_ms(work):
    work()  # warm-up
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    setup()
    from django.conf import settings
    from django.test import Client

    from proceedings import filters
    from proceedings.models import Case

    client = Client()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"# Facets: {Case.objects.published().count():,} published cases on "
        f"{engine}, median of {REPEAT} runs, nothing cached"
    )
    print()
    print("Each facet's GROUP BY alone, with no time limit:")
    print()
    print("| list | filter | facet | one GROUP BY (ms) |")
    print("|---|---|---|---|")
    for name, filterset_name, *queries in LISTS:
        filterset_class = getattr(filters, filterset_name)
        for query in queries:
            filterset = filterset_class(
                query or None,
                queryset=filterset_class._meta.model.objects.published(),
            )
            assert not filterset.is_bound or filterset.is_valid(), filterset.errors
            listed = filterset.qs
            for facet in filterset_class.facets:
                ms = median_ms(lambda facet=facet, listed=listed: facet.rows(listed))
                shown = "&".join(f"{k}={v}" for k, v in query.items()) or "—"
                print(f"| {name} | {shown} | {facet.name} | {ms:.1f} |")
    print()
    print()
    print(
        f"Requests, each facet limited to {settings.FACET_TIME_LIMIT_MS} ms "
        "(FACET_TIME_LIMIT_MS):"
    )
    print()
    print(
        "| request | without facets (ms) | with every facet (ms) | facets' share "
        "| not counted in time |"
    )
    print("|---|---|---|---|---|")
    for name, filterset_name, *queries in LISTS:
        filterset_class = getattr(filters, filterset_name)
        every = ",".join(facet.name for facet in filterset_class.facets)
        for query in queries:
            shown = "&".join(f"{k}={v}" for k, v in query.items())
            # The page shows every facet; compare it with the API without and
            # with them (the page cannot leave them out).
            api = f"/api/v1/{name}/"
            without = median_ms(lambda api=api, query=query: client.get(api, query))
            with_all = median_ms(
                lambda api=api, query=query, every=every: client.get(
                    api, {**query, "facets": every}
                )
            )
            share = (with_all - without) / with_all * 100
            facets = client.get(api, {**query, "facets": every}).json()["facets"]
            stopped = ", ".join(
                name for name, values in facets.items() if values is None
            )
            print(
                f"| API {api}?{shown} | {without:.1f} | {with_all:.1f} | "
                f"{share:.0f}% | {stopped or '—'} |"
            )
            page = f"/{name}/"
            ms = median_ms(lambda page=page, query=query: client.get(page, query))
            print(f"| page {page}?{shown} | — | {ms:.1f} | | |")


if __name__ == "__main__":
    main()
