"""The bulk downloads at scale: time and peak memory of `manage.py export DIR`.

For each size in EXPORT_BENCH_SIZES (default 10,000 and 100,000 cases) it builds
(or reuses) the bench's synthetic SQLite database, as bench/run.py does, runs the
export in a child process and prints its wall time, CPU time, peak resident memory
and the files' sizes and records; then the same on PostgreSQL at the largest size
(BENCH_POSTGRES_URL as in run.py, `off` to skip). Memory that does not grow with
the cases is what the streaming writers promise. Prints figures; asserts nothing.

    .venv/bin/python bench/export.py        (make bench-export)
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the bench's own data and settings

SIZES = [
    int(n) for n in os.environ.get("EXPORT_BENCH_SIZES", "10000,100000").split(",")
]


def export(url):
    """(wall s, CPU s, peak RSS MiB, manifest) of one export of the database at url."""
    env = {
        **os.environ,
        **run.casetracker_env(url),
        "SITE_URL": "https://casetracker.example",
    }
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        child = subprocess.Popen(
            [run.PYTHON, str(run.ROOT / "manage.py"), "export", directory],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(child.pid, 0)  # this child's own usage
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"export failed with status {child.returncode}")
        manifest = json.loads((Path(directory) / "manifest.json").read_text())
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, manifest  # ru_maxrss: KiB on Linux


def show(label, wall, cpu, peak, manifest):
    print(f"\n{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak:.0f} MiB")
    for entry in manifest["files"]:
        records = sum(entry["records"].values())
        size = entry["size"] / 2**20
        seconds = manifest["seconds"][entry["name"]]
        print(
            f"  {entry['name']:28} {size:8.1f} MiB {records:>10,} records "
            f"{seconds:7.1f} s"
        )


def main():
    for size in sorted(SIZES):
        run.CASES = size
        path = run.ensure_database()
        show(f"SQLite, {size:,} cases", *export(path))
    postgres = run.postgres_url()
    if postgres is not None and run.ensure_postgres(postgres):
        show(f"PostgreSQL 15, {run.CASES:,} cases", *export(postgres))


if __name__ == "__main__":
    main()
