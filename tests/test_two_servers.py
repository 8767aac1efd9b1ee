"""Two app servers sharing one PostgreSQL and one Redis never serve each other
stale answers (README: Scaling out).

Each server is a gunicorn process of its own, as in production; they share a
PostgreSQL database made for this test and the Redis beside it. An edit made by a
third process (as another server's admin would) must be seen by both at once,
though both answered from the shared cache just before.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from .services import answers, need

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
STATUS = "X-Response-Cache"


@pytest.fixture
def shared_database():
    """A PostgreSQL database of the test's own, migrated, with one published case."""
    if not answers("127.0.0.1", 5432):
        need("PostgreSQL on 127.0.0.1:5432", "apt-get install postgresql (CI has it)")
    import psycopg

    name = f"casetracker_two_servers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def servers(shared_database, redis_url):
    env = {
        **os.environ,
        "DATABASE_URL": shared_database,
        "REDIS_URL": redis_url,
        "RESPONSE_CACHE": "on",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "two-servers-test-" + uuid.uuid4().hex,
        "API_THROTTLE_ANON": "100000/minute",
    }
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from proceedings.models import Court, Case; "
        "court = Court.objects.create(name='Almaty court', slug='almaty', "
        "country='KZ'); "
        "Case.objects.create(court=court, title='State v. Original', "
        "slug='shared', kind='criminal', is_published=True)",
    )
    processes, addresses = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "casetracker.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            addresses.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        for address in addresses:
            port = int(address.rsplit(":", 1)[1])
            while not answers("127.0.0.1", port):
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start")
                time.sleep(0.1)
        yield env, addresses
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def get(address, path):
    """GET through one server, as the proxy in front of both sends it (one host
    name: the cache keys by it)."""
    request = urllib.request.Request(address + path, headers={"Host": "127.0.0.1"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers[STATUS], json.loads(response.read())


def test_two_servers_never_serve_each_other_stale_answers(servers):
    env, (first, second) = servers
    path = "/api/v1/cases/shared/"

    assert get(first, path)[0] == "miss"
    status, case = get(second, path)
    assert (status, case["title"]) == ("hit", "State v. Original")  # shared Redis

    manage(
        env,
        "shell",
        "-c",
        "from proceedings.models import Case; case = Case.objects.get(slug='shared'); "
        "case.title = 'State v. Edited'; case.save()",
    )

    status, case = get(second, path)
    assert (status, case["title"]) == ("miss", "State v. Edited")
    # …and the answer the second built is the one the first now serves
    status, case = get(first, path)
    assert (status, case["title"]) == ("hit", "State v. Edited")
