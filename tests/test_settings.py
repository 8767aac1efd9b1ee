"""One settings module, configured from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_django(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "casetracker.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_with_debug_off_and_the_development_key():
    result = run_django("print('started')", DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_starts_with_debug_off_and_a_real_key():
    result = run_django(
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-real-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="cases.example.org, www.cases.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False ['cases.example.org', 'www.cases.example.org']"
    )


def test_rejects_a_debug_value_it_cannot_read():
    result = run_django("print('started')", DJANGO_DEBUG="maybe")

    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_database_url_selects_the_database():
    result = run_django(
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "somewhere",
        "127.0.0.1",
    ]


def test_without_database_url_sqlite_in_the_project_folder_is_used():
    result = run_django(
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        str(ROOT / "db.sqlite3"),
    ]


def test_sqlite_runs_in_wal_mode(tmp_path):
    database = tmp_path / "default.sqlite3"
    result = run_django(
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(connection.vendor, c.fetchone()[0])",
        DATABASE_URL=f"sqlite:///{database}",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "wal"]


@pytest.mark.parametrize("name", ["casetracker.wsgi", "casetracker.asgi"])
def test_server_entry_points_import(name):
    result = run_django(f"import {name}; print({name}.application is not None)")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_api_throttle_rate_comes_from_the_environment():
    result = run_django(
        "from django.conf import settings;"
        "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon'])",
        API_THROTTLE_ANON="5000/day",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5000/day"
