"""Facet counts: how many records of the current filtered list have each value of
a field, as Datasette shows them beside a table ("Kazakhstan 3 · Switzerland 4").

A facet is named after the filter a value of it sets, so a count links to the
list narrowed to that value. Each facet is one GROUP BY over the filtered list
(whatever its number of rows), kept per data version like the list's count
(cache.per_version). The pages show every facet of their list; the API adds
the ones a client names in ``?facets=``.

Like Datasette's, a facet has a time limit (settings.FACET_TIME_LIMIT_MS): over
the whole of a large list some GROUP BYs take seconds (a case's roles read every
participation), and a reader should not wait for them. A facet that runs out of
time is reported as not counted (None), and the reader is asked to narrow the
list; it is cached as such until the data changes, like a count.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import cache
from .models import Participation

FACET_SIZE = 20  # values per facet, the most frequent first


@dataclass(frozen=True)
class Value:
    value: str
    label: str
    count: int
    parameters: dict = field(default_factory=dict)  # the filter it sets


@dataclass(frozen=True, eq=False)
class Facet:
    """``path``: the field (or expression) whose values are counted. ``labels``:
    the choices that name the values, or None when ``label_path`` names them (a
    court's name beside its slug) or they name themselves (a year).
    ``count_through``: for a value held by related rows (a party's roles), a
    function from the filtered list to the published related rows and the name
    of their column that points back. ``period``: the value is a year, set as
    the two bounds of a date filter (``date_after=2018&date_before=2018``)."""

    name: str
    label: str
    path: object = None
    parameter: str = ""  # the filter a value sets, when not ``name``
    labels: object = None
    label_path: object = None
    count_through: object = None
    period: bool = False

    def rows(self, queryset):
        """The facet's GROUP BY over ``queryset``: (value, [label,] count) rows."""
        columns = {"value": self._expression(self.path)}
        if self.label_path:
            columns["label"] = self._expression(self.label_path)
        if self.count_through:
            related, back = self.count_through(queryset)
            grouped, counted = related.values(**columns), Count(back, distinct=True)
        else:
            grouped, counted = queryset.order_by().values(**columns), Count("pk")
        return list(
            grouped.filter(value__isnull=False)
            .annotate(count=counted)
            .order_by("-count", "value")
            .values_list(*columns, "count")[:FACET_SIZE]
        )

    def _rows_in_time(self, queryset):
        rows = within(settings.FACET_TIME_LIMIT_MS, lambda: self.rows(queryset))
        # False, not None, for "ran out of time": the cache keeps False
        return False if rows is None else rows

    @staticmethod
    def _expression(path):
        return F(path) if isinstance(path, str) else path

    def counts(self, queryset):
        """The values of this facet in ``queryset``, most frequent first; None
        when counting them took longer than the time limit."""
        rows = cache.per_version(
            f"facet:{self.name}",
            queryset,
            # False, not None, for "ran out of time": the cache keeps it
            lambda: (
                within(settings.FACET_TIME_LIMIT_MS, lambda: self.rows(queryset))
                or False
            ),
            [],
        )
        if rows is False:
            return None
        # A blank value (a party of no stated country) is no choice to offer.
        return [self._value(row) for row in rows if row[0] not in ("", None)]

    def _value(self, row):
        value, *label, count = row
        if label:
            label = label[0]
        elif self.labels is countries:
            label = countries.name(value) or value
        elif self.labels is not None:
            label = dict(self.labels).get(value, value)
        else:
            label = str(value)
        parameter = self.parameter or self.name
        if self.period:
            parameters = {f"{parameter}_after": value, f"{parameter}_before": value}
        else:
            parameters = {parameter: value}
        return Value(str(value), str(label), count, parameters)


# SQLite asks the time-limit handler every this many virtual machine steps.
SQLITE_PROGRESS_STEPS = 1000


def within(milliseconds, compute):
    """``compute()``, or None if its queries run past ``milliseconds``: the
    database stops them (PostgreSQL's statement_timeout, SQLite's progress
    handler), so a slow GROUP BY costs the limit and no more."""
    try:
        with _time_limit(milliseconds):
            return compute()
    except OperationalError as error:
        if _timed_out(error):
            return None
        raise


@contextmanager
def _time_limit(milliseconds):
    if connection.vendor == "postgresql":
        # SET LOCAL ends with the (sub)transaction; a cancelled statement rolls
        # back to the savepoint, so the request's transaction, if any, lives on.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [int(milliseconds)])
            yield
        return
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    deadline = time.monotonic() + milliseconds / 1000
    raw = connection.connection
    raw.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_PROGRESS_STEPS)
    try:
        yield
    finally:
        raw.set_progress_handler(None, SQLITE_PROGRESS_STEPS)


def _timed_out(error):
    cause = error.__cause__
    # psycopg's QueryCanceled (SQLSTATE 57014); SQLite's "interrupted"
    return getattr(cause, "sqlstate", None) == "57014" or "interrupted" in str(error)


def country(path):
    return Facet("country", _("Country"), path, labels=countries)


def choice(name, label, path, choices):
    return Facet(name, label, path, labels=choices)


def deciding_court(prefix=""):
    """The court that decided a ruling: its own, else its case's."""
    return Facet(
        "court",
        _("Court or authority"),
        Coalesce(F(f"{prefix}court__slug"), F(f"{prefix}case__court__slug")),
        label_path=Coalesce(F(f"{prefix}court__name"), F(f"{prefix}case__court__name")),
    )


def roles(side):
    """Roles held in the filtered list's cases (side "case") or by its parties
    (side "party"), counted once per case or party."""

    def through(queryset):
        related = Participation.objects.published().filter(
            **{f"{side}__in": queryset.order_by().values("pk")}
        )
        return related, side

    return Facet(
        "role",
        _("Role"),
        "role",
        labels=Participation.Role.choices,
        count_through=through,
    )


class Year(ExtractYear):
    """The year of a date. On SQLite, the first four characters of the stored ISO
    date, which SQLite reads itself: Django's extract calls a Python function
    per row there (the year of 97,000 cases: 308 → 48 ms, bench/RESULTS.md)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS integer)", params


def year(label, path, parameter="year"):
    """Years of a date; a value sets ``year``, or both bounds of a date range."""
    return Facet(
        "year",
        label,
        Year(path),
        parameter=parameter,
        period=parameter != "year",
    )


def counts(facets, queryset, names=None):
    """{name: [Value, …] or None} for the facets named (all when None), in their
    order; None for a facet that ran out of time."""
    return {
        facet.name: facet.counts(queryset)
        for facet in facets
        if names is None or facet.name in names
    }
