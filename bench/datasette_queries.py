"""SQL statements per Datasette request, for bench/run.py (in bench/.datasette-venv).

Usage: datasette_queries.py DB PATHS_JSON — prints {"path": count, ...} as JSON.
Each path is requested in-process with Datasette's trace (`_trace=1`, which needs the
trace_debug setting); the count is the number of SQL statements it records.
"""

import asyncio
import json
import sys

from datasette.app import Datasette


async def count(db, paths):
    datasette = Datasette(immutables=[db], settings={"trace_debug": True})
    counts = {}
    for path in paths:
        response = await datasette.client.get(path + "&_trace=1")
        if response.status_code != 200:
            raise SystemExit(
                f"{path}: HTTP {response.status_code}: {response.text[:300]}"
            )
        counts[path] = len(response.json()["_trace"]["traces"])
    return counts


if __name__ == "__main__":
    print(json.dumps(asyncio.run(count(sys.argv[1], json.loads(sys.argv[2])))))
