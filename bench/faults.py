"""`make bench-faults`: casetracker under load while things break.

On the benchmark database (bench/run.py builds it: BENCH_CASES cases), this starts
a Redis of its own on a free port and casetracker under gunicorn (DEBUG off, 2 sync
workers, REDIS_URL pointing at that Redis, the response cache on, the throttle far
above the load), then drives a mixed load with wrk — API lists (first, deep,
filtered), records, searches in Latin and Cyrillic, and the case, party and list
pages — at BENCH_CONNECTIONS (32) connections for BENCH_DURATION (60) seconds, and
meanwhile:

- at 1/3 of the run, kills one gunicorn worker (BENCH_KILL_SIGNAL: TERM, as
  `kill` sends, by default; KILL for a crash); gunicorn starts a new one;
- at 2/3, stops the Redis (it does not come back during the run).

It prints the answers per status, the transport errors, the latencies, what
/readyz said before and after each fault, the answers per second around each
fault, and the server log's error lines; the figures also go to
bench/results/faults.json. Timings are printed, never asserted.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import run  # bench/run.py: the database, the scenarios, the server wrapper

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
DURATION = int(os.environ.get("BENCH_DURATION", "60"))
KILL_SIGNAL = getattr(signal, "SIG" + os.environ.get("BENCH_KILL_SIGNAL", "TERM"))
PORT = 8104


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def keys(self):
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), "dbsize"],
            capture_output=True,
            text=True,
        ).stdout.strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def __exit__(self, *exc):
        self.stop()


def workers(master):
    """The pids of the gunicorn master's worker processes."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def readiness(server):
    try:
        with urllib.request.urlopen(server.url("/readyz"), timeout=5) as answer:
            return answer.status, json.load(answer)["status"]
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)["status"]


def mixed_paths(server, scenarios):
    paths = []
    for scenario in scenarios:
        paths += [run.resolve(server, path) for path in scenario.casetracker]
    # interleave the kinds, so that every second sees all of them
    kinds = [[p for p in paths if p.startswith(prefix)] for prefix in ("/api/", "/")]
    api, pages = kinds[0], [p for p in kinds[1] if not p.startswith("/api/")]
    mixed = []
    for n in range(max(len(api), len(pages))):
        mixed += [api[n % len(api)], pages[n % len(pages)]]
    return mixed


def load(server, paths, outcome):
    outcome.update(run.wrk(server, paths, DURATION, 0, connections=CONNECTIONS))


def main():
    db = run.ensure_database()
    scenarios = run.build_scenarios(db)
    events = []

    def event(what):
        events.append((time.time(), what))
        run.log(f"  {time.strftime('%H:%M:%S')} {what}")

    with Redis() as redis:
        env = {
            **run.casetracker_env(db),
            "REDIS_URL": redis.url,
            "RESPONSE_CACHE": "on",
        }
        command = list(run.servers(db)[0].command)
        command[command.index("127.0.0.1:8101")] = f"127.0.0.1:{PORT}"
        server = run.Server("casetracker", "casetracker", command, env, PORT)
        with server:
            paths = mixed_paths(server, scenarios)
            for path in paths:  # every path once, then a short warm-up
                urllib.request.urlopen(server.url(path), timeout=60).read()
            run.wrk(server, paths, 5, 10**9, connections=CONNECTIONS)
            before = readiness(server)
            event(f"/readyz {before}; {redis.keys()} keys in Redis")

            outcome = {}
            loader = threading.Thread(target=load, args=(server, paths, outcome))
            started = time.time()
            event("load starts")
            loader.start()
            time.sleep(DURATION / 3)
            master = server.process.pid
            old = workers(master)
            os.kill(old[0], KILL_SIGNAL)
            event(f"worker {old[0]} sent {KILL_SIGNAL.name}")
            deadline = time.time() + 20
            while time.time() < deadline and (
                old[0] in workers(master) or len(workers(master)) < len(old)
            ):
                time.sleep(0.1)
            event(f"workers now {workers(master)}")
            event(f"/readyz {readiness(server)}")
            time.sleep(max(0, started + 2 * DURATION / 3 - time.time()))
            keys = redis.keys()
            redis.stop()
            event(f"Redis stopped (it held {keys} keys)")
            time.sleep(3)
            event(f"/readyz {readiness(server)}")
            loader.join()
            event("load ends")
            after = readiness(server)
            server.log.seek(0)
            server_log = server.log.read()

    report(outcome, events, started, before, after, server_log)


def report(outcome, events, started, before, after, server_log):
    errors = outcome["errors"]
    statuses = outcome["per_status"]
    answered = sum(statuses.values())
    ok = sum(n for status, n in statuses.items() if 200 <= int(status) < 400)
    failures = answered - ok + errors["connect"] + errors["read"] + errors["write"]
    failures += errors["timeout"]
    error_lines = [
        line
        for line in server_log.splitlines()
        if "Traceback" in line or "Internal Server Error" in line or "[ERROR]" in line
    ]
    warnings = [line for line in server_log.splitlines() if "unreachable" in line]
    print(f"\n# casetracker under faults — {time.strftime('%Y-%m-%d %H:%M UTC')}\n")
    print(
        f"- load: wrk, {CONNECTIONS} connections, {DURATION} s, mixed API, search "
        f"and pages; 2 gunicorn workers, Redis at the harness's own port, "
        f"RESPONSE_CACHE=on; one worker sent {KILL_SIGNAL.name} at "
        f"{DURATION / 3:.0f} s, Redis stopped at {2 * DURATION / 3:.0f} s"
    )
    print(
        f"- answers: {answered:,} ({answered / DURATION:,.0f}/s), statuses {statuses}"
    )
    print(
        f"- transport errors: connect {errors['connect']}, read {errors['read']}, "
        f"write {errors['write']}, timeout {errors['timeout']}; failed requests in "
        f"all: {failures}"
    )
    print(
        f"- latency: p50 {outcome['p50_us'] / 1000:.1f} ms, p95 "
        f"{outcome['p95_us'] / 1000:.1f} ms, p99 {outcome['p99_us'] / 1000:.1f} ms, "
        f"max {outcome['max_us'] / 1000:.0f} ms"
    )
    print(f"- /readyz before: {before}; after: {after}")
    print(f"- server log lines with errors: {len(error_lines)}")
    print(f"- warnings that Redis is unreachable: {len(warnings)}")
    for line in error_lines[:10]:
        print(f"    {line}")
    print("\n| second | answers |\n|--:|--:|")
    first = int(started)
    for second in sorted(int(s) for s in outcome["per_second"]):
        marks = [what for at, what in events if int(at) == second and at >= started]
        note = f" ← {'; '.join(marks)}" if marks else ""
        print(f"| {second - first} | {outcome['per_second'][str(second)]}{note} |")
    run.RESULTS.mkdir(exist_ok=True)
    (run.RESULTS / "faults.json").write_text(
        json.dumps(
            {
                "outcome": outcome,
                "events": [(at - started, what) for at, what in events],
                "failures": failures,
                "readyz": [before, after],
                "server_errors": error_lines,
                "outage_warnings": warnings,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
