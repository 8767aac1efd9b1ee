"""Bulk downloads of the published data, and the store the site serves them from.

``write_set(directory)`` writes every file (``FILES``) and a ``manifest.json``
naming each one's format, size, records and SHA-256, the data version it was built
from and when. Every file is streamed: rows are read a chunk at a time and written
straight out, so memory does not grow with the data. Nothing in a file depends on
when it was built (rows in id order, fixed zip timestamps), so the same data gives
the same bytes; only the manifest records the time.

The site serves the latest set from ``settings.EXPORT_DIR``: ``publish()`` builds
into a folder of its own there and then swaps ``current.json`` to point at it,
so a reader never sees half a set. ``current()`` answers the manifest only while
its data version is the database's: after any edit it answers None and
``ensure_current()`` starts one rebuild (one per machine, under a file lock), so a
file older than the data is never served and nothing is rebuilt per request.
"""

import csv
import datetime
import fcntl
import hashlib
import io
import json
import os
import shutil
import threading
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_noop
from rest_framework.request import Request
from rest_framework.utils.encoders import JSONEncoder

from .. import cache
from . import ftm, tables
from .batches import chunks
from .ftm import ExportError as ExportError  # for callers

POINTER = "current.json"
MANIFEST = "manifest.json"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed timestamp: the same data, the same bytes


class Counter:
    """A binary file that counts the SHA-256 and size of what goes through it."""

    def __init__(self, path):
        self.file = open(path, "wb")  # noqa: SIM115 (closed by close())
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self.hash.update(data)
        self.size += len(data)
        return self.file.write(data)

    def flush(self):
        self.file.flush()

    def close(self):
        self.file.close()


def site_request(site):
    """A request for ``site`` (e.g. "https://casetracker.org"), for building the
    API's documents outside a request: their addresses are absolute."""
    parts = urlsplit(site)
    request = RequestFactory().get(
        "/", secure=parts.scheme == "https", HTTP_HOST=parts.netloc
    )
    request.get_host = lambda: parts.netloc  # the configured site, not a guess
    return Request(request)


# --- the writers: each writes one file and answers its record counts ------------


def write_ftm(out, site):
    counts = {}
    for entity in ftm.entities(site):
        line = json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True)
        out.write(line.encode() + b"\n")
        counts[entity.schema.name] = counts.get(entity.schema.name, 0) + 1
    return dict(sorted(counts.items()))


def readme(chosen):
    lines = [
        "casetracker: the published data as CSV",
        "=" * 38,
        "",
        "One file per kind of record, UTF-8, comma-separated, with a header row.",
        "Join the files on the ids: a column named <thing>_id holds an id of the",
        "file named for <thing>. Dates known to the month or year are ISO 8601",
        "prefixes (2018-10, 2018) with a <date>_precision column beside them.",
        "Sums of money are rows of amounts.csv: amount, currency (ISO 4217) and how",
        "exact the source is (qualifier). Lists of ids are joined by ';'.",
        "Only published records are here; a reference to anything else is empty.",
        "",
    ]
    for table in chosen:
        lines += [f"{table.name}.csv", "-" * (len(table.name) + 4), table.description]
        lines += [f"  {c.name}: {c.description}" for c in table.columns]
        lines.append("")
    return "\n".join(lines)


def write_csv_zip(out, site):
    counts = {}
    chosen = tables.tables()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("README.txt", date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, readme(chosen))
        for table in chosen:
            info = zipfile.ZipInfo(f"{table.name}.csv", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with (
                archive.open(info, "w", force_zip64=True) as binary,
                io.TextIOWrapper(binary, encoding="utf-8", newline="") as handle,
            ):
                writer = csv.writer(handle)
                writer.writerow(table.header)
                count = 0
                for record in table.records():
                    writer.writerow(record)
                    count += 1
            counts[table.name] = count
    return counts


def documents_writer(kind):
    """A writer of the API's own documents, one a line, as the API's detail
    address answers them."""

    def write(out, site):
        from ..api import serializers
        from ..models import Case, Party

        model, serializer = {
            "cases": (Case, serializers.CaseDetailSerializer),
            "parties": (Party, serializers.PartyDetailSerializer),
        }[kind]
        context = {"request": site_request(site)}
        count = 0
        # a batch at a time through one serializer: its fields are set up once
        # per batch, not once per record
        for batch in chunks(model.objects.published().with_details(), 500):
            for document in serializer(batch, many=True, context=context).data:
                out.write(
                    json.dumps(document, cls=JSONEncoder, ensure_ascii=False).encode()
                    + b"\n"
                )
                count += 1
        return {kind: count}

    return write


# Each file's "format" is written to the manifest in English, as it is here;
# the /data/ page shows it in the reader's language (marked for translation with
# gettext_noop, translated by the view).
FILES = {
    "casetracker.ftm.jsonl": {
        "format": gettext_noop("FollowTheMoney entities, JSON Lines"),
        "media_type": "application/x-ndjson; charset=utf-8",
        "write": write_ftm,
    },
    "casetracker.csv.zip": {
        "format": gettext_noop(
            "CSV, one file per table, zipped with a README.txt of the columns"
        ),
        "media_type": "application/zip",
        "write": write_csv_zip,
    },
    "casetracker.cases.jsonl": {
        "format": gettext_noop(
            "JSON Lines: each case as /api/v1/cases/<slug>/ answers it"
        ),
        "media_type": "application/x-ndjson; charset=utf-8",
        "write": documents_writer("cases"),
    },
    "casetracker.parties.jsonl": {
        "format": gettext_noop(
            "JSON Lines: each party as /api/v1/parties/<slug>/ answers it"
        ),
        "media_type": "application/x-ndjson; charset=utf-8",
        "write": documents_writer("parties"),
    },
}


def write_set(directory, site=None):
    """Write every file and the manifest into ``directory``; the manifest.

    Built in the site's default language, whatever language the request that
    set off a rebuild reads in: one set serves every reader, and the same data
    gives the same bytes (labels and help texts in it are translatable)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _write_set(directory, site)


def _write_set(directory, site=None):
    site = (site or settings.SITE_URL).rstrip("/")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # The version is read before the data: an edit that lands during the build
    # moves the database past the version recorded here, so the set counts as
    # stale and is built again. (No transaction: it would hold SQLite's write
    # lock, and every editor with it, for the whole build.)
    version = cache.current_key()
    files, seconds = [], {}
    for name, spec in FILES.items():
        out = Counter(directory / name)
        started = time.perf_counter()
        try:
            records = spec["write"](out, site)
        finally:
            out.close()
        seconds[name] = round(time.perf_counter() - started, 1)
        files.append(
            {
                "name": name,
                "format": spec["format"],
                "media_type": spec["media_type"],
                "size": out.size,
                "sha256": out.hash.hexdigest(),
                "records": records,
            }
        )
    manifest = {
        "data_version": version,
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "site": site,
        "licence": {"name": settings.DATA_LICENCE, "url": settings.DATA_LICENCE_URL},
        "files": files,
        "seconds": seconds,  # how long each file took to write
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


# --- the store the site serves ---------------------------------------------------


def store():
    path = Path(settings.EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def published_manifest():
    """The manifest of the set the site serves, whatever its version; or None."""
    try:
        pointer = json.loads((store() / POINTER).read_text())
        manifest = json.loads((store() / pointer["folder"] / MANIFEST).read_text())
    except (OSError, ValueError, KeyError):
        return None
    manifest["folder"] = store() / pointer["folder"]
    return manifest


def current():
    """The served set's manifest while it holds the data as it is now; else None."""
    manifest = published_manifest()
    if manifest is None or manifest["data_version"] != cache.current_key():
        return None
    return manifest


def publish(site=None):
    """Build a new set and make it the one served; the manifest. One build at a
    time per machine: a caller that finds a build under way waits for it."""
    with open(store() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manifest = current()
        if manifest is not None:
            return manifest  # a build that finished while we waited
        folder = f"build-{uuid.uuid4().hex}"
        manifest = write_set(store() / folder, site)
        pointer = store() / f".{POINTER}.{folder}"
        pointer.write_text(json.dumps({"folder": folder}))
        os.replace(pointer, store() / POINTER)
        for old in store().glob("build-*"):
            if old.name != folder:
                shutil.rmtree(old, ignore_errors=True)
        manifest["folder"] = store() / folder
        return manifest


_building = threading.Lock()


def ensure_current():
    """The current set's manifest, or None while a rebuild (started here, in
    the background, unless one is running) catches up with the data. With
    EXPORT_REBUILD=inline the rebuild runs in the request instead (small data,
    tests)."""
    manifest = current()
    if manifest is not None:
        return manifest
    if settings.EXPORT_REBUILD == "inline":
        return publish()
    if _building.acquire(blocking=False):
        thread = threading.Thread(target=_rebuild, name="export-rebuild", daemon=True)
        thread.start()
    return None


def _rebuild():
    from django.db import connection

    try:
        publish()
    finally:
        connection.close()
        _building.release()
