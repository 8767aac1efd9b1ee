"""Indexes in the public lists' default order — all cases, a court's cases, all
parties — so a page is read from an index instead of sorting every published row (bench/RESULTS.md has the
EXPLAIN output on both engines).

Cases are listed newest first with unknown dates last. PostgreSQL needs that said
in the index (DESC NULLS LAST); SQLite puts NULLs last in descending order anyway
and does not accept NULLS LAST in an index, so each engine gets its own statement.

The published flag comes last: it makes the index cover the list's id and count
queries, and as a leading column it would tempt a planner without statistics
(SQLite before ANALYZE) to answer "cases of this court, published" from this index
instead of the court's.
"""

from django.db import migrations

INDEXES = {
    "case_public_order": {
        "sqlite": "proceedings_case (opened DESC, title, id, is_published)",
        "postgresql": "proceedings_case (opened DESC NULLS LAST, title, id, is_published)",
    },
    "case_court_order": {
        "sqlite": "proceedings_case (court_id, opened DESC, title, id, is_published)",
        "postgresql": (
            "proceedings_case (court_id, opened DESC NULLS LAST, title, id, is_published)"
        ),
    },
    "party_public_order": {
        "sqlite": "proceedings_party (name, id, is_published)",
        "postgresql": "proceedings_party (name, id, is_published)",
    },
}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, columns in INDEXES.items():
        if vendor in columns:
            schema_editor.execute(f"CREATE INDEX {name} ON {columns[vendor]}")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("proceedings", "0006_data_version"),
    ]

    operations = [migrations.RunPython(create, drop)]
