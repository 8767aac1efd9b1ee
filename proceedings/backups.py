"""Backups that round-trip everything, and restores that leave nothing stale.

A backup is the database engine's own copy of the whole database — every row of
every table, so history, users and groups, sessions, the admin log, login
lockouts and second factors come back exactly, microseconds and ids included —
in a zip file with a manifest (format, engine, when, which migrations, the row
counts of the proceedings data and the dump's SHA-256). The copies are
django-dbbackup's connectors:

- PostgreSQL: ``pg_dump --format=custom``, restored with ``pg_restore --clean
  --if-exists --single-transaction`` (the client tools of the server's version);
- SQLite: SQLite's online backup API, both ways. (django-dbbackup's SQLite
  connector restores by writing over the database file, which corrupts a
  database in WAL mode that is open meanwhile, and cannot reach the in-memory
  test database; restoring through the backup API into the open connection does
  both.)

After the copy is back, ``restore`` migrates (a backup of an older release is
brought up to date), rebuilds the search index once, and gives the data a new
cache generation: nothing any cache (a shared Redis included) holds from before
the restore can be served after it.
"""

import contextlib
import datetime
import hashlib
import io
import json
import logging
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from dbbackup.db.base import BaseDBConnector
from dbbackup.db.postgresql import PgDumpBinaryConnector
from django.core.management import call_command
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from . import cache

# django-dbbackup sets its command logger to DEBUG on import, which would print
# every pg_dump command line (database address included) to the error stream.
logging.getLogger("dbbackup.command").setLevel(logging.WARNING)

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"


class BackupError(Exception):
    """A backup file that cannot be restored here, with the reason."""


class SqliteConnector(BaseDBConnector):
    """SQLite's online backup API, from and into the open connection."""

    def create_dump(self):
        self.connection.ensure_connection()
        dump = tempfile.SpooledTemporaryFile()  # noqa: SIM115 (the caller's to close)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "copy.sqlite3"
            with contextlib.closing(sqlite3.connect(path)) as copy:
                self.connection.connection.backup(copy)
            with path.open("rb") as copied:
                shutil.copyfileobj(copied, dump)
        dump.seek(0)
        return dump

    def restore_dump(self, dump):
        self.connection.ensure_connection()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "copy.sqlite3"
            with path.open("wb") as copied:
                shutil.copyfileobj(dump, copied)
            with contextlib.closing(sqlite3.connect(path)) as copy:
                copy.backup(self.connection.connection)


CONNECTORS = {"postgresql": PgDumpBinaryConnector, "sqlite": SqliteConnector}


def _connector(using):
    vendor = connections[using].vendor
    if vendor not in CONNECTORS:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    return CONNECTORS[vendor](using)


def _counts():
    from .models import Case, Court, Party, Ruling, Sanction, Source

    return {
        model._meta.model_name: model.objects.count()
        for model in (Case, Court, Party, Ruling, Sanction, Source)
    }


def _migrations(using):
    return sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder(connections[using])
        .migration_qs.values_list("app", "name")
        .iterator()
    )


def backup(path, *, using="default"):
    """Write the whole database to the zip file ``path``; its manifest."""
    connection = connections[using]
    dump = _connector(using).create_dump()
    digest = hashlib.sha256()
    for chunk in iter(lambda: dump.read(1 << 20), b""):
        digest.update(chunk)
    dump.seek(0)
    now = datetime.datetime.now(datetime.UTC)
    manifest = {
        "format": FORMAT,
        "application": "casetracker",
        "engine": connection.vendor,
        "created": now.isoformat(),
        "data_version": cache.current_version(),
        "migrations": _migrations(using),
        "counts": _counts(),
        "sha256": digest.hexdigest(),
    }
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        stamp = now.timetuple()[:6]
        archive.writestr(
            zipfile.ZipInfo(MANIFEST, stamp), json.dumps(manifest, indent=2)
        )
        entry = zipfile.ZipInfo(DUMP, stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(entry, "w", force_zip64=True) as stored:
            shutil.copyfileobj(dump, stored)
    partial.replace(path)  # a backup file is whole or not there
    return manifest


def read_manifest(path):
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path} is not a casetracker backup ({error}).") from None
    if manifest.get("application") != "casetracker" or "engine" not in manifest:
        raise BackupError(f"{path} is not a casetracker backup.")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is a backup in format {manifest.get('format')}; this release "
            f"reads format {FORMAT}."
        )
    return manifest


def check(path, *, using="default"):
    """The manifest of a backup that can be restored into ``using``; raises
    BackupError with the reason otherwise (nothing is changed)."""
    manifest = read_manifest(path)
    vendor = connections[using].vendor
    if manifest["engine"] != vendor:
        raise BackupError(
            f"{path} is a backup of a {manifest['engine']} database; this one is "
            f"{vendor}. Restore it into a {manifest['engine']} database."
        )
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            f"{path} comes from a newer release of casetracker (migrations "
            f"{', '.join(unknown[:3])}…): upgrade this one first."
        )
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive, archive.open(DUMP) as dump:
        for chunk in iter(lambda: dump.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != manifest["sha256"]:
        raise BackupError(f"{path} is damaged: its checksum does not match.")
    return manifest


def restore(path, *, using="default", manifest=None):
    """Replace everything in the database with the backup at ``path``, bring it
    up to date and make every cache entry from before unreachable. ``manifest``
    is what check() returned, when the caller has already checked the file."""
    if manifest is None:
        manifest = check(path, using=using)
    connection = connections[using]
    with tempfile.SpooledTemporaryFile(max_size=64 << 20) as dump:
        with zipfile.ZipFile(path) as archive, archive.open(DUMP) as stored:
            shutil.copyfileobj(stored, dump)
        dump.seek(0)
        _connector(using).restore_dump(dump)
    connection.close()  # the tables were replaced under it
    call_command("migrate", database=using, interactive=False, verbosity=0)
    call_command("rebuild_search_index", stdout=io.StringIO())
    cache.new_generation()
    return manifest
