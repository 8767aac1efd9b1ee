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


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k9#Qv2$Lm7@xR4!pZ8&nB3^tW6*yH1(cJ5)eF0-gD9+sA2=uV7",
    "DJANGO_ALLOWED_HOSTS": "cases.example.org",
}


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_check_passes_with_the_https_switch():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DJANGO_HTTPS="1"
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_the_https_switch_the_deployment_check_says_what_is_missing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode != 0
    for check in ["W004", "W008", "W012", "W016"]:  # HSTS, redirect, cookies
        assert f"security.{check}" in result.stderr


def test_the_https_switch_turns_on_everything_tls_needs():
    result = run_django(
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)",
        DJANGO_HTTPS="1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True 31536000 True True True ('HTTP_X_FORWARDED_PROTO', 'https')"
    )


@pytest.mark.parametrize(
    "value, expected", [("", "0"), ("0", "0"), ("2", "2")], ids=["unset", "0", "2"]
)
def test_trusted_proxies_come_from_the_environment(value, expected):
    result = run_django(
        "from django.conf import settings;"
        "print(settings.REST_FRAMEWORK['NUM_PROXIES'])",
        DJANGO_TRUSTED_PROXIES=value,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_a_trusted_proxies_value_it_cannot_read_is_refused():
    result = run_django("print('started')", DJANGO_TRUSTED_PROXIES="two")

    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must be a whole number" in result.stderr
