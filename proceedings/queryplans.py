"""Which queries read a whole table: the plan check shared by bench/explain.py and
tests/test_query_plans.py.

A page or API answer about one record must not read every row of a table that
grows with the data (cases, parties, rulings…): at 100,000 cases such a query
takes hundreds of milliseconds where an index lookup takes a fraction of one. The
planner's choice depends on the statistics (SQLite's ``sqlite_stat1``, PostgreSQL's
``pg_statistic``), so the check is run with and without them.

* SQLite: ``EXPLAIN QUERY PLAN``; ``SCAN <table>`` reads the whole table, with or
  without ``USING INDEX`` (a walk of a whole index in its order), unless a LIMIT
  stops it early (a list's first page). ``SEARCH`` is an index lookup.
* PostgreSQL: ``EXPLAIN (FORMAT JSON)`` with sequential scans, hash and merge
  joins switched off — the choices a planner makes for small tables — so that a
  sequential scan that remains has no index to use; an index scan without an index
  condition walks the whole index.
"""

import json
import re

from django.db import connection, transaction

# Tables that do not grow with the data set: one row, a handful of courts, the
# throttle's windows (purged), and Django's own bookkeeping.
SMALL_TABLES = {
    "proceedings_court",
    "proceedings_dataversion",
    "proceedings_throttlewindow",
    "django_content_type",
    "django_site",
}
MEASURABLE = 50  # rows a table needs before its statistics say anything
_ALIAS = re.compile(r'"(\w+)"\s+(?:AS\s+)?"?([A-Z]\d+)"?')
_SQLITE_SCAN = re.compile(r"^SCAN (\w+)")


def growing(table):
    return table.startswith(("proceedings_", "auth_", "django_")) and (
        table not in SMALL_TABLES
    )


def _aliases(sql):
    return {alias: table for table, alias in _ALIAS.findall(sql)}


def plan(sql, params=()):
    """The engine's plan of one query, as lines of text."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params or None)
            return [row[-1] for row in cursor.fetchall()]
    # The setting lasts for a transaction of its own, rolled back at once.
    with transaction.atomic(), connection.cursor() as cursor:
        for method in ("seqscan", "hashjoin", "mergejoin"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params or None)
        document = cursor.fetchone()[0]
        transaction.set_rollback(True)
    if isinstance(document, str):
        document = json.loads(document)
    return [json.dumps(document)]


def full_reads(sql, params=()):
    """The growing tables the query reads whole, with the plan line saying so."""
    limited = re.search(r"\bLIMIT\b", sql, re.IGNORECASE) is not None
    aliases = _aliases(sql)
    found = []
    if connection.vendor == "sqlite":
        for line in plan(sql, params):
            match = _SQLITE_SCAN.match(line)
            if match is None:
                continue
            table = aliases.get(match[1], match[1])
            if growing(table) and not (limited and "USING" in line):
                found.append((table, line))
        return found
    (document,) = plan(sql, params)
    nodes = [
        node
        for node in _nodes(json.loads(document)[0]["Plan"])
        if growing(node.get("Relation Name") or "")
    ]
    small = _too_small_to_tell({node["Relation Name"] for node in nodes})
    for node in nodes:
        table = node["Relation Name"]
        if table in small:
            continue
        kind = node["Node Type"]
        whole = kind == "Seq Scan" or (
            kind in {"Index Scan", "Index Only Scan"}
            and "Index Cond" not in node
            and not limited
        )
        if whole:
            found.append((table, f"{kind} on {table}"))
    return found


def _too_small_to_tell(tables):
    """PostgreSQL: the tables its statistics say hold a handful of rows (an empty
    one walks its whole index for free); never analysed (-1) is checked."""
    if not tables:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) "
            "AND reltuples >= 0 AND reltuples < %s",
            [sorted(tables), MEASURABLE],
        )
        return {name for (name,) in cursor.fetchall()}


def _nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def analyze(scale=1):
    """Gather the planner's statistics (what a production database has).

    With ``scale``, SQLite is told the tables are that many times larger, in the
    same shape: each table's row count grows, rows per key stay as measured, and
    a key every row shares (an optional link left empty: NULL) grows with the
    table. A test database of a few hundred rows then plans like one of a few
    hundred thousand, where reading a whole table is what costs.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor != "sqlite" or scale == 1:
            return
        # A table of a handful of rows says nothing about its shape at scale:
        # its statistics are dropped, and the planner's defaults (large table,
        # selective indexes) apply to it.
        cursor.execute(
            "DELETE FROM sqlite_stat1 WHERE CAST(stat AS INTEGER) < %s", [MEASURABLE]
        )
        cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
        for table, index, stat in cursor.fetchall():
            words = stat.split()
            rows = words[0]
            grown = [
                str(int(word) * scale) if n == 0 or word == rows else word
                for n, word in enumerate(words)
                if word.isdigit()
            ] + [word for word in words if not word.isdigit()]
            cursor.execute(
                "UPDATE sqlite_stat1 SET stat = %s WHERE tbl = %s AND idx IS %s",
                [" ".join(grown), table, index],
            )
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads them again


def forget_statistics():
    """Drop them again (SQLite; PostgreSQL keeps its own and has no switch)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%' "
            "AND type = 'table'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DELETE FROM {name}")
        cursor.execute("ANALYZE sqlite_schema")


def whole_reads_on(client, paths):
    """Each path's answer, as (path, status, SELECT count, [(table, plan line,
    sql)]): the queries it ran that read a whole growing table."""
    from django.test.utils import CaptureQueriesContext

    found = []
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        selects = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].lstrip().upper().startswith("SELECT")
        ]
        reads = [
            (table, line, sql) for sql in selects for table, line in full_reads(sql)
        ]
        found.append((path, status, len(selects), reads))
    return found
