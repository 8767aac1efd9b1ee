"""Where a request's time goes: pyinstrument over in-process requests.

    .venv/bin/python bench/profile_paths.py PATH [PATH…]

Runs the bench's production-like settings (DEBUG off, RESPONSE_CACHE=counts: no
response cache) against the bench database (bench/data/cases-100000-seed-1.sqlite3
unless DATABASE_URL says otherwise), answers each path once to warm up, then
BENCH_PROFILE_REPEAT times (20) under pyinstrument, and prints the mean time per
request and pyinstrument's call tree. A path may hold `{case}`, `{party}` or `{name}`:
each repetition fills it with another published case slug, party slug (one with
a proceeding) or person's name, as the bench's scenarios do.

Figures are printed, never asserted. bench/RESULTS.md quotes the trees.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_PROFILE_REPEAT", "20"))
DEFAULT_DB = ROOT / "bench" / "data" / "cases-100000-seed-1.sqlite3"


def setup():
    """Django with the bench's settings (bench/run.py's, for the test client's
    host), in this process; the environment's own values win."""
    from run import casetracker_env

    settings = {
        **casetracker_env(DEFAULT_DB),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "RESPONSE_CACHE": "counts",
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
    }
    for name, value in settings.items():
        os.environ.setdefault(name, value)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()


def main(paths):
    setup()
    from django.test import Client
    from pyinstrument import Profiler

    from proceedings.models import Case, Party

    samples = {
        "case": list(
            Case.objects.published()
            .order_by("pk")
            .values_list("slug", flat=True)[: REPEAT * 50 : 50]
        ),
        "party": list(
            Party.objects.published()
            .filter(participations__isnull=False)
            .order_by("pk")
            .values_list("slug", flat=True)[: REPEAT * 50 : 50]
        ),
        "name": list(
            Party.objects.published()
            .filter(kind="person")
            .order_by("pk")
            .values_list("name", flat=True)[: REPEAT * 50 : 50]
        ),
    }
    client = Client()
    for template in paths:
        urls = [
            template.format(
                **{kind: values[i % len(values)] for kind, values in samples.items()}
            )
            for i in range(REPEAT)
        ]
        for url in urls[:2]:
            status = client.get(url).status_code
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with profiler:
            for url in urls:
                client.get(url)
        elapsed = (time.perf_counter() - started) / len(urls)
        print(f"\n## {template}: {elapsed * 1000:.1f} ms per request ({len(urls)})\n")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
