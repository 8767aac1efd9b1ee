"""Indexes in the public lists' default order, which Django's index declarations
cannot state for both engines (see migration 0007 for why each looks as it does).

Django does not know them, so SQLite loses them whenever a migration rebuilds
their table (adding a column with a default, a constraint, or changing a column
does): migration 0009 did, and every SQLite database migrated since lacked them.
``ensure()`` creates any that are missing; it runs after every ``migrate``
(post_migrate, see apps.py), so no rebuild can lose them for good.
"""

CASE = "proceedings_case"
INDEXES = {
    "case_public_order": {
        "sqlite": f"{CASE} (opened DESC, title, id, is_published)",
        "postgresql": f"{CASE} (opened DESC NULLS LAST, title, id, is_published)",
    },
    "case_court_order": {
        "sqlite": f"{CASE} (court_id, opened DESC, title, id, is_published)",
        "postgresql": (
            f"{CASE} (court_id, opened DESC NULLS LAST, title, id, is_published)"
        ),
    },
    "ruling_public_order": {  # /rulings/, newest first
        "sqlite": "proceedings_ruling (date DESC, id DESC, is_published)",
        "postgresql": (
            "proceedings_ruling (date DESC NULLS LAST, id DESC, is_published)"
        ),
    },
    "party_public_order": {
        "sqlite": "proceedings_party (name, id, is_published)",
        "postgresql": "proceedings_party (name, id, is_published)",
    },
}


def ensure(connection):
    """Create the list-order indexes that are missing on ``connection``."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for name, columns in INDEXES.items():
            if vendor in columns and columns[vendor].split()[0] in tables:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {columns[vendor]}"
                )


def ensure_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver."""
    from django.db import connections

    ensure(connections[using])
