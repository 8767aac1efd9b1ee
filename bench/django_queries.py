"""SQL queries per casetracker request, for bench/run.py.

Usage: django_queries.py PATHS_JSON — with DATABASE_URL pointing at the benchmark
database and RESPONSE_CACHE set as the server has it. Requests each path twice
in-process and prints {"path": [first, repeat]}. A path "next-of:/api/…" stands
for the `next` link of that address (a cursor).
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def resolve(client, path):
    if not path.startswith("next-of:"):
        return path
    link = urlsplit(client.get(path.removeprefix("next-of:")).json()["next"])
    return f"{link.path}?{link.query}"


def count(paths):
    client = Client()
    counts = {}
    for path in paths:
        counts[path] = []
        address = resolve(client, path)
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            counts[path].append(len(queries))
    return counts


if __name__ == "__main__":
    print(json.dumps(count(json.loads(sys.argv[1]))))
