"""`make bench-throttle`: what the API throttle costs, and whether it holds.

1. Cost: the time of a cached API answer through the test client, in-process,
   with casetracker's throttle (one upsert in the database, or add + incr in
   Redis) and with DRF's AnonRateThrottle (a list of request times read and
   written back) kept in the database cache and in process memory; and the SQL
   statements each makes per request.
2. Holding: casetracker under gunicorn (2 workers) with a limit of LIMIT requests
   a minute, hit by 32 connections for 10 s starting just after a minute begins:
   how many requests got through, for each throttle and store. A throttle that
   holds lets exactly LIMIT through.

Uses the benchmark database (bench/run.py builds it). Prints figures, asserts
nothing.
"""

import json
import os
import subprocess
import sys
import time

import run

LIMIT = 300
CONFIGS = {
    "casetracker, database": {},
    "casetracker, Redis": {"REDIS_URL": "redis://127.0.0.1:6379/12"},
    "DRF, database cache": {"DJANGO_SETTINGS_MODULE": "drf_throttle_settings"},
    "DRF, Redis": {
        "DJANGO_SETTINGS_MODULE": "drf_throttle_settings",
        "REDIS_URL": "redis://127.0.0.1:6379/12",
    },
}

COST = r"""
import json, time, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
for _ in range(100):
    client.get("/api/v1/courts/")
n, started = 2000, time.perf_counter()
for _ in range(n):
    assert client.get("/api/v1/courts/").status_code == 200
ms = (time.perf_counter() - started) / n * 1000
with CaptureQueriesContext(connection) as queries:
    client.get("/api/v1/courts/")
print(json.dumps({"ms": ms, "queries": len(queries.captured_queries)}))
"""


def environment(db, config):
    env = {
        **os.environ,
        **run.casetracker_env(db),
        "PYTHONPATH": str(run.BENCH),
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        **CONFIGS[config],
    }
    return env


def flush_redis():
    subprocess.run(["redis-cli", "-n", "12", "flushdb"], capture_output=True)


def cost(db):
    rows = {}
    for config in (*CONFIGS, "DRF, process memory"):
        env = environment(db, config if config in CONFIGS else "DRF, database cache")
        env["API_THROTTLE_ANON"] = "100000000/minute"
        env["DJANGO_ALLOWED_HOSTS"] = "testserver"
        if config == "DRF, process memory":
            env["BENCH_THROTTLE_CACHE"] = "memory"
        flush_redis()
        result = subprocess.run(
            [run.PYTHON, "-c", COST], env=env, capture_output=True, text=True
        )
        if result.returncode:
            raise SystemExit(result.stderr[-3000:])
        rows[config] = json.loads(result.stdout.strip().splitlines()[-1])
    return rows


def holding(db):
    rows = {}
    for config in CONFIGS:
        flush_redis()
        env = {**environment(db, config), "API_THROTTLE_ANON": f"{LIMIT}/minute"}
        command = list(run.servers(db)[0].command)
        server = run.Server(config, "casetracker", command, env, 8101)
        server.env = env
        with server:
            # start just after a minute begins, so that 10 s stay in one window
            time.sleep((61 - time.time() % 60) % 60)
            figures = run.wrk(server, ["/api/v1/courts/"], 10, 10**9, connections=32)
        rows[config] = {
            "answered": figures["requests"],
            "let through": figures["per_status"].get("200", 0),
        }
    return rows


def main():
    db = run.ensure_database()
    subprocess.run(
        [run.PYTHON, "manage.py", "createcachetable"],
        cwd=run.ROOT,
        env=environment(db, "DRF, database cache"),
        check=True,
    )
    costs = cost(db)
    held = holding(db)
    print("\n# The API throttle: cost and holding\n")
    print("| throttle, store | ms per cached answer | SQL per request |")
    print("|---|--:|--:|")
    for config, row in costs.items():
        print(f"| {config} | {row['ms']:.2f} | {row['queries']} |")
    print(
        f"\nLimit {LIMIT}/minute, 2 gunicorn workers, 32 connections for 10 s "
        "inside one minute:\n"
    )
    print("| throttle, store | requests answered | let through (200) |")
    print("|---|--:|--:|")
    for config, row in held.items():
        print(f"| {config} | {row['answered']:,} | {row['let through']:,} |")


if __name__ == "__main__":
    sys.exit(main())
