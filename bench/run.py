"""`make bench`: casetracker against Datasette on the same generated SQLite file.

1. Builds (or reuses) bench/data/cases-<N>-seed-<S>.sqlite3 with `generate_synthetic`,
   migrates it (so new indexes land in a reused file) and adds the full-text table a
   Datasette publisher would add for name lookups (`bench_names_fts`, which
   casetracker never reads).
2. Starts each server in turn, alone on the machine, on 127.0.0.1:
   - casetracker under gunicorn, DEBUG off, 2 sync workers, in three settings of
     RESPONSE_CACHE: "counts" (no response cache; list counts kept per data
     version), "off" (nothing cached) and "on" (repeated requests answered from
     the cache);
   - stock `datasette serve -i` (one process, read-only);
   - Datasette under uvicorn with 2 worker processes, read-only (with the fix of
     uvicorn's lost TCP_NODELAY, bench/datasette_uvicorn.py).
3. For every scenario the server can answer, warms up, then drives load with wrk
   (one thread, 16 connections) from a separate process, bounded in time and in
   requests; reads the server's CPU time from /proc before and after.
4. Counts SQL statements per request in-process (Django's CaptureQueriesContext;
   Datasette's own trace), prints one table per server and the throughput ratios,
   and writes everything to bench/results/latest.json.

5. On PostgreSQL too (the production database), when BENCH_POSTGRES_URL's server
   answers (postgres://postgres@127.0.0.1:5432/casetracker_bench_<N>_<S> unless
   set; "off" skips it): the same data generated there with the same seed (the
   same slugs and names), migrated and ANALYZEd, and the casetracker servers run
   against it as "… on PostgreSQL". Datasette reads SQLite only. The server's
   CPU figure is the app's processes; PostgreSQL's own backends are not in it.

Environment: BENCH_CASES (100000), BENCH_SEED (1), BENCH_DURATION seconds per
scenario (10), BENCH_WARMUP seconds (2), BENCH_MAX_REQUESTS per scenario (200000),
BENCH_CONNECTIONS (16), BENCH_SERIAL seconds at one connection (3), BENCH_CONFIGS
(comma-separated subset of the server names), BENCH_SCENARIOS (subset of the
scenario names, separated by semicolons: the names hold commas).

Timings are printed, never asserted.
"""

import contextlib
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
RESULTS = BENCH / "results"
DATASETTE_BIN = BENCH / ".datasette-venv" / "bin"
PYTHON = sys.executable

CASES = int(os.environ.get("BENCH_CASES", "100000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "200000"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SERIAL = int(os.environ.get("BENCH_SERIAL", "3"))
WORKERS = 2
PAGE_SIZE = 50
SAMPLE = 200  # distinct records per detail scenario, cycled through
SECRET_KEY = secrets.token_urlsafe(40)


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- The database ------------------------------------------------------------------


def ensure_database():
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"cases-{CASES}-seed-{SEED}.sqlite3"
    complete = path.with_suffix(".complete")
    if not complete.exists():
        for stale in DATA.glob(f"{path.name}*"):
            stale.unlink()
        log(f"Generating {CASES:,} cases (seed {SEED}) into {path.name}: minutes")
    manage = [PYTHON, str(ROOT / "manage.py")]
    # as in production (DEBUG off): the pages need the collected static files
    subprocess.run(
        [*manage, "collectstatic", "--noinput"],
        env={**os.environ, **casetracker_env(path)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    migrate_and_generate(database_url(path), complete)
    with sqlite3.connect(path) as db:
        add_datasette_fts(db)
        # Datasette opens the file immutable, so everything must be in the main file.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def migrate_and_generate(url, complete):
    """Migrate the database at ``url`` (new indexes land in a reused one) and
    fill it with the synthetic data unless the ``complete`` marker says it is."""
    env = {**os.environ, "DATABASE_URL": url}
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--noinput"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if not complete.exists():
        started = time.monotonic()
        subprocess.run(
            [*manage, "generate_synthetic", "--cases", str(CASES), "--seed", str(SEED)],
            env=env,
            check=True,
        )
        log(f"Generated in {time.monotonic() - started:.0f} s")
        complete.touch()


def add_datasette_fts(db):
    """Names and other names in an FTS5 table, as `sqlite-utils enable-fts` would
    give a Datasette publisher: Datasette's name lookup runs against it."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'bench_names_fts'"
    ).fetchone()
    if exists:
        return
    db.executescript(
        """
        CREATE VIRTUAL TABLE bench_names_fts USING fts5(
            name, party_id UNINDEXED, tokenize='unicode61 remove_diacritics 2');
        INSERT INTO bench_names_fts (name, party_id)
            SELECT name, id FROM proceedings_party;
        INSERT INTO bench_names_fts (name, party_id)
            SELECT name, party_id FROM proceedings_partyname;
        """
    )


# --- Scenarios ---------------------------------------------------------------------

CASE_COLUMNS = """
    c.id, c.slug, c.number, c.title, ct.id AS court_id, ct.slug AS court_slug,
    ct.name AS court_name, ct.short_name AS court_short_name, c.country, c.kind,
    c.status, c.opened, c.opened_precision, c.closed, c.closed_precision,
    c.in_absentia, c.summary, a.slug AS appeal_of, c.updated_at
FROM proceedings_case c
LEFT JOIN proceedings_court ct ON ct.id = c.court_id
LEFT JOIN proceedings_case a ON a.id = c.appeal_of_id AND a.is_published = 1
"""
CASE_LIST_SQL = (
    f"SELECT {CASE_COLUMNS} WHERE c.is_published = 1 {{filter}}"
    f" ORDER BY c.opened DESC, c.title, c.id LIMIT {PAGE_SIZE} OFFSET :offset"
)
BY_COURT = "AND ct.slug = :court"
BY_PARTY = """AND c.id IN (SELECT pp.case_id FROM proceedings_participation pp
    JOIN proceedings_party p ON p.id = pp.party_id
    WHERE p.slug = :party AND p.is_published = 1)"""
CASE_SQL = f"SELECT {CASE_COLUMNS} WHERE c.is_published = 1 AND c.slug = :slug"
NAME_SQL = """SELECT p.id, p.slug, p.name, p.kind, f.name AS matched_text
FROM bench_names_fts f JOIN proceedings_party p ON p.id = f.party_id
WHERE bench_names_fts MATCH :q AND p.is_published = 1 ORDER BY f.rank LIMIT 20"""


@dataclass
class Scenario:
    name: str
    casetracker: list
    datasette: list = field(default_factory=list)
    api: bool = True


def datasette_path(db_name, sql, **params):
    query = {"sql": " ".join(sql.split()), "_shape": "objects", **params}
    return f"/{db_name}.json?{urllib.parse.urlencode(query)}"


def fts_phrase(text):
    return '"' + text.replace('"', "") + '"'


def postgres_url():
    url = os.environ.get(
        "BENCH_POSTGRES_URL",
        f"postgres://postgres@127.0.0.1:5432/casetracker_bench_{CASES}_{SEED}",
    )
    return None if url == "off" else url


def ensure_postgres(url):
    """The bench's data in PostgreSQL (generated once, same seed as the SQLite
    file), or None when no PostgreSQL server answers at ``url``."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as db:
            if not db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        log(f"No PostgreSQL at {server} ({error}): its runs are left out")
        return None
    complete = DATA / f"postgres-{name}.complete"
    if not complete.exists():
        log(f"Generating {CASES:,} cases (seed {SEED}) into PostgreSQL {name}: minutes")
    migrate_and_generate(url, complete)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    return url


def build_scenarios(path):
    db = sqlite3.connect(path)
    one = lambda sql: db.execute(sql).fetchone()  # noqa: E731
    published = one("SELECT count(*) FROM proceedings_case WHERE is_published")[0]
    deep_page = min(2000, published // PAGE_SIZE)
    court = one(
        """SELECT ct.slug FROM proceedings_court ct JOIN proceedings_case c
        ON c.court_id = ct.id AND c.is_published GROUP BY ct.id
        ORDER BY count(*) DESC, ct.slug LIMIT 1"""
    )[0]
    party = one(
        """SELECT p.slug FROM proceedings_party p JOIN proceedings_participation pp
        ON pp.party_id = p.id JOIN proceedings_case c ON c.id = pp.case_id
        WHERE p.is_published AND c.is_published GROUP BY p.id
        ORDER BY count(*) DESC, p.slug LIMIT 1"""
    )[0]

    def spread(sql):
        rows = [row[0] for row in db.execute(sql)]
        step = max(1, len(rows) // SAMPLE)
        return rows[::step][:SAMPLE]

    cases = spread("SELECT slug FROM proceedings_case WHERE is_published ORDER BY id")
    parties = spread(
        """SELECT slug FROM proceedings_party p WHERE is_published AND EXISTS
        (SELECT 1 FROM proceedings_participation WHERE party_id = p.id) ORDER BY id"""
    )
    latin = spread(
        "SELECT name FROM proceedings_party WHERE is_published AND kind = 'person'"
        " ORDER BY id"
    )[:50]
    cyrillic = spread(
        """SELECT n.name FROM proceedings_partyname n JOIN proceedings_party p
        ON p.id = n.party_id WHERE p.is_published AND n.script = 'Cyrl' ORDER BY n.id"""
    )[:50]
    db.close()

    name = path.stem
    api = f"/api/v1/cases/?page_size={PAGE_SIZE}"
    ds = lambda sql, **params: datasette_path(name, sql, **params)  # noqa: E731
    return [
        Scenario(
            "API case list, page 1",
            [api],
            [ds(CASE_LIST_SQL.format(filter=""), offset=0)],
        ),
        Scenario(
            f"API case list, page {deep_page:,}",
            [f"{api}&page={deep_page}"],
            [ds(CASE_LIST_SQL.format(filter=""), offset=(deep_page - 1) * PAGE_SIZE)],
        ),
        Scenario(
            f"API case list, page {deep_page:,} by cursor",
            [f"next-of:{api}&page={deep_page - 1}"],
        ),
        Scenario(
            "API cases by court",
            [f"{api}&court={court}"],
            [ds(CASE_LIST_SQL.format(filter=BY_COURT), offset=0, court=court)],
        ),
        Scenario(
            "API cases by party",
            [f"{api}&party={party}"],
            [ds(CASE_LIST_SQL.format(filter=BY_PARTY), offset=0, party=party)],
        ),
        Scenario(
            "API case detail",
            [f"/api/v1/cases/{slug}/" for slug in cases],
            [ds(CASE_SQL, slug=slug) for slug in cases],
        ),
        Scenario("API party detail", [f"/api/v1/parties/{slug}/" for slug in parties]),
        Scenario(
            "API search, Latin name",
            [f"/api/v1/search/?{urllib.parse.urlencode({'q': q})}" for q in latin],
            [ds(NAME_SQL, q=fts_phrase(q)) for q in latin],
        ),
        Scenario(
            "API search, Cyrillic name",
            [f"/api/v1/search/?{urllib.parse.urlencode({'q': q})}" for q in cyrillic],
            [ds(NAME_SQL, q=fts_phrase(q)) for q in cyrillic],
        ),
        Scenario("Page: case list", ["/cases/"], api=False),
        Scenario("Page: case", [f"/cases/{slug}/" for slug in cases], api=False),
        Scenario("Page: party", [f"/parties/{slug}/" for slug in parties], api=False),
    ]


# --- Servers -----------------------------------------------------------------------


class Server:
    def __init__(self, name, kind, command, env, port):
        self.name, self.kind, self.command, self.port = name, kind, command, port
        self.env = {**os.environ, **env}
        self.process = None

    def __enter__(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(f"Port {self.port} is taken: stop what listens there")
        self.log = tempfile.NamedTemporaryFile(
            "w+", prefix="bench-server-", suffix=".log"
        )
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"{self.name} exited:\n{self.log.read()[-3000:]}")
            try:
                urllib.request.urlopen(self.url("/"), timeout=2).read()
                return self
            except urllib.error.HTTPError as error:
                self.log.seek(0)
                raise SystemExit(
                    f"{self.name} answered / with HTTP {error.code}:\n"
                    f"{self.log.read()[-3000:]}"
                ) from None
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{self.name} did not answer within 180 s")

    def __exit__(self, *exc):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def cpu_seconds(self):
        """User + system CPU of every process in the server's process group."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # process group
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


def database_url(db):
    """DATABASE_URL for a SQLite file's path, or a URL as it is."""
    return db if "://" in str(db) else f"sqlite:///{db}"


def casetracker_env(db):
    """As in production: DEBUG off, a secret key; the throttle on but far above
    the load. Its window is one second: DRF keeps a timestamp per request in the
    window, and a minute's worth at this load (60,000) pickled on every request
    would measure that list rather than the application."""
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url(db),
        "API_THROTTLE_ANON": "1000000/second",
    }


# RESPONSE_CACHE per casetracker configuration (casetracker/settings.py)
CASETRACKER_CONFIGS = {
    "casetracker": "counts",  # no response cache; list counts kept per data version
    "casetracker no caches": "off",
    "casetracker cached": "on",  # repeated requests answered from the cache
}


def servers(db, postgres=None):
    gunicorn = [
        str(Path(PYTHON).parent / "gunicorn"),
        "casetracker.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        "127.0.0.1:8101",
        "--log-level",
        "warning",
    ]
    return (
        [
            Server(
                name,
                "casetracker",
                gunicorn,
                {**casetracker_env(db), "RESPONSE_CACHE": mode},
                8101,
            )
            for name, mode in CASETRACKER_CONFIGS.items()
        ]
        + [
            Server(
                f"{name} on PostgreSQL",
                "casetracker",
                gunicorn,
                {**casetracker_env(postgres), "RESPONSE_CACHE": mode},
                8101,
            )
            for name, mode in CASETRACKER_CONFIGS.items()
            if postgres and mode != "off"
        ]
        + [
            Server(
                "datasette stock",
                "datasette",
                [
                    str(DATASETTE_BIN / "datasette"),
                    "serve",
                    "-i",
                    str(db),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    "8102",
                ],
                {},
                8102,
            ),
            Server(
                f"datasette uvicorn x{WORKERS}",
                "datasette",
                [
                    str(DATASETTE_BIN / "python"),
                    str(BENCH / "datasette_uvicorn.py"),
                    "datasette_app:app",
                    "--app-dir",
                    str(BENCH),
                    "--workers",
                    str(WORKERS),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "8103",
                    "--no-access-log",
                    "--log-level",
                    "warning",
                ],
                {"BENCH_DB": str(db)},
                8103,
            ),
        ]
    )


# --- Load --------------------------------------------------------------------------


def wrk(server, paths, seconds, max_requests, connections=CONNECTIONS):
    with tempfile.NamedTemporaryFile("w", suffix=".paths") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        env = {
            **os.environ,
            "BENCH_PATHS": listing.name,
            "BENCH_MAX_REQUESTS": str(max_requests),
        }
        output = subprocess.run(
            [
                "wrk",
                "--threads",
                "1",
                "--connections",
                str(connections),
                "--duration",
                f"{seconds}s",
                "--timeout",
                "10s",
                "--script",
                str(BENCH / "wrk.lua"),
                server.url(""),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line[len("BENCH ") :])


def check_responses(server, paths):
    for path in paths[:3]:
        with urllib.request.urlopen(server.url(path), timeout=30) as response:
            if response.status != 200:
                raise SystemExit(f"{server.name} {path}: HTTP {response.status}")


def resolve(server, path):
    """A path "next-of:/api/…" stands for the `next` link of that address."""
    if not path.startswith("next-of:"):
        return path
    with urllib.request.urlopen(server.url(path.removeprefix("next-of:"))) as answer:
        link = urllib.parse.urlsplit(json.load(answer)["next"])
    return f"{link.path}?{link.query}"


def measure(server, scenario, paths):
    paths = [resolve(server, path) for path in paths]
    check_responses(server, paths)
    # warm-up: every path once (fills caches where there are any), then load
    for path in paths:
        urllib.request.urlopen(server.url(path), timeout=30).read()
    if WARMUP:
        wrk(server, paths, WARMUP, MAX_REQUESTS)
    cpu_before = server.cpu_seconds()
    figures = wrk(server, paths, DURATION, MAX_REQUESTS)
    cpu = server.cpu_seconds() - cpu_before
    requests = figures["requests"]
    errors = sum(figures["errors"].values())
    # the time one request takes when it has the server to itself
    alone = wrk(server, paths, SERIAL, MAX_REQUESTS, connections=1)
    return {
        "requests": requests,
        "errors": errors + sum(alone["errors"].values()),
        "alone_p50_ms": alone["p50_us"] / 1000,
        "alone_p95_ms": alone["p95_us"] / 1000,
        "rps": requests / (figures["duration_us"] / 1e6),
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "cpu_ms": cpu * 1000 / requests if requests else None,
        "bytes": figures["bytes"] / requests if requests else None,
    }


def query_counts(db, scenarios):
    """SQL statements per request in the steady state of each configuration: the
    second of two identical requests (counts and answers cached where the
    configuration caches them)."""
    casetracker_paths = [s.casetracker[0] for s in scenarios]
    counts = {scenario.name: {} for scenario in scenarios}
    for config, mode in CASETRACKER_CONFIGS.items():
        env = {
            **os.environ,
            **casetracker_env(db),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "RESPONSE_CACHE": mode,
        }
        django = json.loads(
            subprocess.run(
                [
                    PYTHON,
                    str(BENCH / "django_queries.py"),
                    json.dumps(casetracker_paths),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for scenario in scenarios:
            counts[scenario.name][config] = django[scenario.casetracker[0]][1]
    datasette_paths = [s.datasette[0] for s in scenarios if s.datasette]
    datasette = json.loads(
        subprocess.run(
            [
                str(DATASETTE_BIN / "python"),
                str(BENCH / "datasette_queries.py"),
                str(db),
                json.dumps(datasette_paths),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for scenario in scenarios:
        if scenario.datasette:
            counts[scenario.name]["datasette"] = datasette[scenario.datasette[0]]
    return counts


# --- Report ------------------------------------------------------------------------


def number(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def report(results, scenarios, counts):
    for config, rows in results.items():
        kind = "datasette" if config.startswith("datasette") else config
        kind = kind.removesuffix(" on PostgreSQL")
        print(f"\n## {config}\n")
        print(
            "| scenario | req/s | p50 ms | p95 ms | p99 ms | alone p50 / p95 ms"
            " | CPU ms/req | SQL/req | errors |"
        )
        print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        for scenario in scenarios:
            row = rows.get(scenario.name)
            if not row:
                continue
            queries = counts.get(scenario.name, {}).get(kind)
            print(
                f"| {scenario.name} | {number(row['rps'], 0)} | "
                f"{number(row['p50_ms'])} | "
                f"{number(row['p95_ms'])} | {number(row['p99_ms'])} | "
                f"{number(row.get('alone_p50_ms'))} / "
                f"{number(row.get('alone_p95_ms'))} | "
                f"{number(row['cpu_ms'], 2)} | {number(queries, 0)} | {row['errors']} |"
            )
    pairs = [
        ("casetracker", "datasette stock"),
        ("casetracker", f"datasette uvicorn x{WORKERS}"),
        ("casetracker no caches", f"datasette uvicorn x{WORKERS}"),
        ("casetracker cached", "datasette stock"),
        ("casetracker cached", f"datasette uvicorn x{WORKERS}"),
        ("casetracker on PostgreSQL", f"datasette uvicorn x{WORKERS}"),
        ("casetracker cached on PostgreSQL", f"datasette uvicorn x{WORKERS}"),
    ]
    pairs = [(a, b) for a, b in pairs if a in results and b in results]
    if pairs:
        print("\n## Throughput ratios (casetracker ÷ Datasette, higher is better)\n")
        print("| scenario | " + " | ".join(f"{a} ÷ {b}" for a, b in pairs) + " |")
        print("|---|" + "--:|" * len(pairs))
        for scenario in scenarios:
            if not scenario.datasette:
                continue
            cells = []
            for a, b in pairs:
                ra, rb = results[a].get(scenario.name), results[b].get(scenario.name)
                cells.append(f"{ra['rps'] / rb['rps']:.2f}×" if ra and rb else "—")
            print(f"| {scenario.name} | " + " | ".join(cells) + " |")


def versions():
    def pip_version(python, package):
        return subprocess.run(
            [
                python,
                "-c",
                f"import importlib.metadata as m; print(m.version('{package}'))",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()

    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "python": platform.python_version(),
        "django": pip_version(PYTHON, "django"),
        "djangorestframework": pip_version(PYTHON, "djangorestframework"),
        "gunicorn": pip_version(PYTHON, "gunicorn"),
        "datasette": pip_version(str(DATASETTE_BIN / "python"), "datasette"),
        "uvicorn": pip_version(str(DATASETTE_BIN / "python"), "uvicorn"),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": subprocess.run(
            ["psql", "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "wrk": (wrk_version.stdout + wrk_version.stderr).split("\n")[0],
    }


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    if not (DATASETTE_BIN / "datasette").exists():
        raise SystemExit(
            "Datasette is needed in bench/.datasette-venv: run `make bench`"
        )
    db = ensure_database()
    # PostgreSQL unless BENCH_CONFIGS names only servers on SQLite
    wanted = os.environ.get("BENCH_CONFIGS", "PostgreSQL")
    postgres = postgres_url() if "PostgreSQL" in wanted else None
    if postgres:
        postgres = ensure_postgres(postgres)
    scenarios = build_scenarios(db)
    wanted = os.environ.get("BENCH_SCENARIOS")
    if wanted:
        # the names hold commas ("API case list, page 1"): separated by ";"
        names = {name.strip() for name in wanted.split(";")}
        scenarios = [s for s in scenarios if s.name in names]
    configs = servers(db, postgres)
    wanted = os.environ.get("BENCH_CONFIGS")
    if wanted:
        names = {name.strip() for name in wanted.split(",")}
        configs = [c for c in configs if c.name in names]

    results = {}
    for server in configs:
        log(f"Starting {server.name}")
        with server:
            results[server.name] = {}
            for scenario in scenarios:
                paths = (
                    scenario.casetracker
                    if server.kind == "casetracker"
                    else scenario.datasette
                )
                if not paths:
                    continue
                log(f"  {scenario.name}")
                results[server.name][scenario.name] = measure(server, scenario, paths)
    counts = query_counts(db, scenarios)

    with sqlite3.connect(db) as connection:
        published = connection.execute(
            "SELECT count(*) FROM proceedings_case WHERE is_published"
        ).fetchone()[0]
    meta = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}",
        "dataset": f"{CASES:,} cases ({published:,} published), seed {SEED}, {db.name}"
        + (
            f"; PostgreSQL {urllib.parse.urlsplit(postgres).path[1:]}"
            if postgres
            else ""
        ),
        "load": f"wrk, 1 thread, {CONNECTIONS} connections, {DURATION} s per scenario "
        f"after {WARMUP} s warm-up, at most {MAX_REQUESTS:,} requests; then "
        f"{SERIAL} s at 1 connection (the 'alone' latencies)",
        "versions": versions(),
    }
    print(f"\n# casetracker vs Datasette — {meta['date']}\n")
    for key in ("machine", "dataset", "load"):
        print(f"- {key}: {meta[key]}")
    print("- versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()))
    report(results, scenarios, counts)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"meta": meta, "results": results, "queries": counts}, indent=2)
    )
    log(f"\nFigures saved to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
