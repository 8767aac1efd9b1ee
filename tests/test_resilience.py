"""When Redis or the database falters: degrade, never a 500; probes that say so."""

import contextlib
import datetime
import logging

import pytest
import time_machine
from django.core.cache import caches
from django.db import OperationalError, connection
from rest_framework.throttling import AnonRateThrottle

from casetracker.cache import ResilientRedisCache
from casetracker.health import OncePerInterval

from .accounts import log_in, staff_user
from .factories import CaseFactory, ParticipationFactory, PartyFactory
from .services import redis_cache

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1
READER_ADDRESSES = [
    "/parties/",
    "/cases/",
    "/cases/state-v-example/",
    "/search/?q=Example",
    "/api/v1/cases/",
    "/api/v1/cases/state-v-example/",
    "/api/v1/search/?q=Example",
]


@pytest.fixture
def case():
    case = CaseFactory(title="State v. Example", slug="state-v-example")
    ParticipationFactory(case=case, party=PartyFactory(name="Asel Example"))
    return case


@pytest.fixture
def outage_log(monkeypatch):
    """What the outage logger's handler writes (after its once-a-minute filter)."""
    written = []
    handler = logging.getLogger("casetracker.outage").handlers[0]
    monkeypatch.setattr(handler, "emit", lambda record: written.append(record))
    for log_filter in handler.filters:
        if isinstance(log_filter, OncePerInterval):
            monkeypatch.setattr(log_filter, "_last", {})
    return written


def use_redis(settings, url):
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": redis_cache(url),
        "responses": redis_cache(url),
    }


@pytest.mark.parametrize("path", READER_ADDRESSES)
def test_an_unreachable_redis_still_answers_every_reader(
    client, case, settings, path, outage_log
):
    use_redis(settings, UNREACHABLE)

    first = client.get(path)
    second = client.get(path)

    assert (first.status_code, second.status_code) == (200, 200)
    assert b"Example" in second.content
    # each process keeps answering from its own memory meanwhile
    assert second["X-Response-Cache"] == "hit"
    assert (
        outage_log[0]
        .getMessage()
        .startswith("Cache server redis://127.0.0.1:1/0 unreachable")
    )


def test_the_outage_is_logged_once_a_minute_not_per_request(
    client, case, settings, outage_log, monkeypatch
):
    use_redis(settings, UNREACHABLE)
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 0)  # try every time

    for _ in range(20):
        assert client.get("/api/v1/cases/").status_code == 200

    unreachable = [r for r in outage_log if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, 0, 20), tick=False)
def test_the_throttle_still_limits_while_redis_is_unreachable(
    client, case, settings, monkeypatch
):
    use_redis(settings, UNREACHABLE)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [client.get("/api/v1/cases/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_redis_is_used_again_once_it_is_back(
    client, case, settings, redis_server, monkeypatch
):
    use_redis(settings, redis_server.url)
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 0)
    path = "/api/v1/cases/state-v-example/"
    assert client.get(path)["X-Response-Cache"] == "miss"
    assert client.get(path)["X-Response-Cache"] == "hit"
    stored_in_redis = caches["responses"]._cache.get_client().dbsize()
    assert stored_in_redis > 0

    redis_server.stop()
    assert client.get(path).status_code == 200
    assert client.get("/api/v1/cases/").status_code == 200
    assert client.get("/readyz").json()["status"] == "degraded"

    redis_server.start()  # an empty Redis: nothing survived the restart
    assert client.get(path)["X-Response-Cache"] == "miss"
    assert client.get(path)["X-Response-Cache"] == "hit"
    assert caches["responses"]._cache.get_client().dbsize() > 0
    assert client.get("/readyz").json()["status"] == "ready"


def test_healthz_says_the_process_is_up_without_asking_anything_else(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_when_the_database_is_migrated_and_caches_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["migrations"] == {"status": "ok"}
    assert {check["status"] for check in body["checks"]["caches"].values()} == {"ok"}


def test_readyz_reports_an_unreachable_redis_as_degraded_not_down(client, settings):
    use_redis(settings, UNREACHABLE)

    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["caches"]["responses"]["status"] == "degraded"
    assert "127.0.0.1:1" not in response.content.decode()  # no internals leak


def test_readyz_reports_unapplied_migrations(client, monkeypatch):
    from casetracker import health

    monkeypatch.setattr(health, "_migrated", set())
    monkeypatch.setattr(
        health.MigrationExecutor,
        "migration_plan",
        lambda self, targets: [(self.loader.graph.nodes[targets[0]], False)],
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["status"] == "pending"
    assert response["Retry-After"]


@contextlib.contextmanager
def database_down(monkeypatch):
    """Every new query fails as it does when the server refuses connections."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        yield


def test_readyz_is_503_while_the_database_is_down(client, monkeypatch):
    with database_down(monkeypatch):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["checks"]["database"] == {"status": "unavailable"}
    assert response.json()["status"] == "unavailable"


@pytest.mark.parametrize("path", [p for p in READER_ADDRESSES if "/api/" in p])
def test_a_database_outage_is_a_json_503_for_api_clients(
    client, case, path, monkeypatch
):
    with database_down(monkeypatch):
        response = client.get(path)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert "try again" in response.json()["detail"]


@pytest.mark.parametrize("path", [p for p in READER_ADDRESSES if "/api/" not in p])
def test_a_database_outage_is_a_page_for_readers(client, case, path, monkeypatch):
    with database_down(monkeypatch):
        response = client.get(path)

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "30"
    assert b"Temporarily unavailable" in response.content
    assert b'href="/static/css/site.css"' in response.content


def test_once_per_interval_lets_each_message_through_once_a_minute():
    log_filter = OncePerInterval(seconds=60)

    def record(message):
        return logging.LogRecord("x", logging.WARNING, "", 0, message, (), None)

    assert log_filter.filter(record("down: %s")) is True
    assert log_filter.filter(record("down: %s")) is False
    assert log_filter.filter(record("back")) is True
    log_filter._last = {key: t - 61 for key, t in log_filter._last.items()}
    assert log_filter.filter(record("down: %s")) is True


def test_a_database_outage_is_a_page_for_editors_too(client, monkeypatch):
    log_in(client, staff_user("publisher", "Publishers"))

    with database_down(monkeypatch):
        response = client.get("/admin/proceedings/case/")

    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content
