"""The database engine's search structures, and the first build of the keys.

PostgreSQL: the pg_trgm extension, GIN full-text indexes on the folded text, the
phonetic skeleton and the identifier keys, and a GIN trigram index on the skeleton.
SQLite: FTS5 tables over the same columns (unicode61 and trigram tokenizers), kept in
step with proceedings_searchentry by triggers. Each engine's operations do nothing
on the other.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE proceedings_search_fts USING fts5(
        folded, skeleton, ident,
        content='proceedings_searchentry', content_rowid='id',
        tokenize='unicode61')""",
    """CREATE VIRTUAL TABLE proceedings_search_trigram USING fts5(
        skeleton,
        content='proceedings_searchentry', content_rowid='id',
        tokenize='trigram')""",
    """CREATE TRIGGER proceedings_searchentry_ai AFTER INSERT ON proceedings_searchentry
    BEGIN
        INSERT INTO proceedings_search_fts(rowid, folded, skeleton, ident)
            VALUES (new.id, new.folded, new.skeleton, new.ident);
        INSERT INTO proceedings_search_trigram(rowid, skeleton)
            VALUES (new.id, new.skeleton);
    END""",
    """CREATE TRIGGER proceedings_searchentry_ad AFTER DELETE ON proceedings_searchentry
    BEGIN
        INSERT INTO proceedings_search_fts(proceedings_search_fts, rowid, folded,
            skeleton, ident) VALUES ('delete', old.id, old.folded, old.skeleton,
            old.ident);
        INSERT INTO proceedings_search_trigram(proceedings_search_trigram, rowid,
            skeleton) VALUES ('delete', old.id, old.skeleton);
    END""",
    """CREATE TRIGGER proceedings_searchentry_au AFTER UPDATE ON proceedings_searchentry
    BEGIN
        INSERT INTO proceedings_search_fts(proceedings_search_fts, rowid, folded,
            skeleton, ident) VALUES ('delete', old.id, old.folded, old.skeleton,
            old.ident);
        INSERT INTO proceedings_search_trigram(proceedings_search_trigram, rowid,
            skeleton) VALUES ('delete', old.id, old.skeleton);
        INSERT INTO proceedings_search_fts(rowid, folded, skeleton, ident)
            VALUES (new.id, new.folded, new.skeleton, new.ident);
        INSERT INTO proceedings_search_trigram(rowid, skeleton)
            VALUES (new.id, new.skeleton);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS proceedings_searchentry_au",
    "DROP TRIGGER IF EXISTS proceedings_searchentry_ad",
    "DROP TRIGGER IF EXISTS proceedings_searchentry_ai",
    "DROP TABLE IF EXISTS proceedings_search_trigram",
    "DROP TABLE IF EXISTS proceedings_search_fts",
]


def _postgres_indexes(model):
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.contrib.postgres.search import SearchVector

    return [
        GinIndex(
            SearchVector("folded", config="simple"), name="searchentry_folded_fts"
        ),
        GinIndex(
            SearchVector("skeleton", config="simple"), name="searchentry_skeleton_fts"
        ),
        GinIndex(SearchVector("ident", config="simple"), name="searchentry_ident_fts"),
        GinIndex(
            OpClass("skeleton", name="gin_trgm_ops"), name="searchentry_skeleton_trgm"
        ),
    ]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    model = apps.get_model("proceedings", "SearchEntry")
    if vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for index in _postgres_indexes(model):
            schema_editor.add_index(model, index)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    model = apps.get_model("proceedings", "SearchEntry")
    if vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for index in _postgres_indexes(model):
            schema_editor.remove_index(model, index)


def build_keys(apps, schema_editor):
    from proceedings import search

    search.rebuild(
        entry_model=apps.get_model("proceedings", "SearchEntry"),
        models_by_name={
            name: apps.get_model("proceedings", name)
            for name in ("Party", "Case", "Court", "Ruling")
        },
    )


class Migration(migrations.Migration):
    dependencies = [("proceedings", "0002_search_entry")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(build_keys, migrations.RunPython.noop),
    ]
