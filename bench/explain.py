"""The query plans of the hot list queries, and of every query the detail pages
and answers run, on the database DATABASE_URL names.

Usage: DATABASE_URL=… .venv/bin/python bench/explain.py — on a database filled by
`generate_synthetic` (bench/data/…sqlite3 for SQLite). Prints each list query and
the engine's plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), to confirm
that the lists are read from their indexes; then, for the case, party, court and
ruling pages and API answers, every query that reads a whole growing table
(proceedings.queryplans; bench/RESULTS.md) — with the statistics as they are and
after ANALYZE.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import F, Window  # noqa: E402
from django.db.models.functions import RowNumber  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from proceedings import queryplans  # noqa: E402
from proceedings.api.pagination import ANCHOR_EVERY, keyset_fields, past  # noqa: E402
from proceedings.models import Case, Court, Party, Ruling  # noqa: E402

PAGE = 50


def plan(title, queryset=None, sql=None, params=()):
    """The query's plan, and what it takes: the median of five runs, every row
    fetched (the list passes that run once per data version are judged by it)."""
    if queryset is not None:
        sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
        times = []
        for _ in range(5):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    print(f"\n### {title}: {statistics.median(times) * 1000:.1f} ms\n\n```")
    for row in rows:
        print(row[-1] if connection.vendor == "sqlite" else row[0])
    print("```")


def main():
    print(f"Engine: {connection.vendor}; {Case.objects.count():,} cases")
    ordering = [F("opened").desc(nulls_last=True), "title", "id"]
    cases = Case.objects.published().order_by(*ordering)
    plan("Case list, first page (ids and rows)", cases.with_court()[:PAGE])
    truth = "1" if connection.vendor == "sqlite" else "true"
    plan(
        "Case list, count",
        sql=f"SELECT COUNT(*) FROM proceedings_case WHERE is_published = {truth}",
    )
    plan(
        "Case list, deep page by number: its ids (offset 96,900)",
        cases.values_list("pk", flat=True)[96900 : 96900 + PAGE],
    )
    fields = keyset_fields(cases)
    middle = cases.values_list("opened", "title", "id")[50000]
    plan(
        "Case list, page by cursor (keys of row 50,000, bounded seek)",
        cases.filter(past(fields, list(middle)), opened__lte=middle[0]).values_list(
            "pk", flat=True
        )[:PAGE],
    )
    plan(
        f"Case list, anchors (every {ANCHOR_EVERY:,}th row's keys)",
        cases.annotate(position=Window(RowNumber(), order_by=ordering))
        .order_by()
        .values_list("position", "opened", "title", "id")
        .filter(position__in=[ANCHOR_EVERY, 2 * ANCHOR_EVERY]),
    )
    court = (
        Court.objects.filter(cases__is_published=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    plan(
        "A court's cases, first page", cases.filter(court_id=court).with_court()[:PAGE]
    )
    plan(
        "Party list page (25 by name)",
        Party.objects.published().order_by("name", "id")[:25],
    )


def detail_paths():
    """The pages and API answers about one record, for a record with data."""
    case = Case.objects.published().filter(rulings__isnull=False).first()
    party = Party.objects.published().filter(participations__isnull=False).first()
    court = Court.objects.filter(cases__is_published=True).first()
    ruling = Ruling.objects.published().first()
    return [
        f"/cases/{case.slug}/",
        f"/api/v1/cases/{case.slug}/",
        f"/parties/{party.slug}/",
        f"/api/v1/parties/{party.slug}/",
        f"/courts/{court.slug}/",
        f"/api/v1/courts/{court.slug}/",
        f"/api/v1/rulings/{ruling.pk}/",
    ]


@override_settings(RESPONSE_CACHE="off", ALLOWED_HOSTS=["*"])
def check_detail_paths():
    paths = detail_paths()
    client = Client()
    for stats in ("as they are", "after ANALYZE"):
        if stats == "after ANALYZE":
            queryplans.analyze()
        print(f"\n### Detail paths, statistics {stats}: whole-table reads\n")
        found = 0
        for path, status, selects, reads in queryplans.whole_reads_on(client, paths):
            found += len(reads)
            lines = ", ".join(line for _, line, _ in reads) or "none"
            print(
                f"- `{path}` ({status}): {selects} queries, whole-table reads: {lines}"
            )
        print(f"\n{found} whole-table reads.")


if __name__ == "__main__":
    main()
    check_detail_paths()
