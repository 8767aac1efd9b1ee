"""The API's rate limit holds: per real client address, across workers,
counted atomically."""

import datetime

import pytest
import time_machine
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

from proceedings.api.throttling import hit
from proceedings.models import ThrottleWindow

from .services import redis_cache

pytestmark = pytest.mark.django_db

# Mid-window, so that a test's requests all fall in one window.
NOON = datetime.datetime(2026, 11, 27, 12, 0, 20, tzinfo=datetime.UTC)


@pytest.fixture
def limit(monkeypatch):
    def set_limit(rate):
        monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": rate})

    set_limit("3/minute")
    return set_limit


@pytest.fixture
def in_redis(settings, redis_url):
    settings.REDIS_URL = redis_url
    settings.CACHES = {**settings.CACHES, "default": redis_cache(redis_url)}


def get(client, **headers):
    return client.get("/api/v1/courts/", headers=headers).status_code


@time_machine.travel(NOON, tick=False)
def test_the_limit_is_per_client_address(client, limit):
    assert [get(client) for _ in range(4)] == [200, 200, 200, 429]
    assert get(client, **{"X-Forwarded-For": "203.0.113.9"}) == 429

    other = client.get("/api/v1/courts/", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


@time_machine.travel(NOON, tick=False)
def test_a_forged_forwarded_for_header_does_not_reset_the_limit(client, limit):
    statuses = [
        get(client, **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(1, 7)
    ]

    assert statuses == [200, 200, 200, 429, 429, 429]


@time_machine.travel(NOON, tick=False)
def test_behind_trusted_proxies_the_address_they_saw_is_the_client(
    client, limit, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def via_proxy(client_address):
        # The proxy appends the address it saw; anything before it is the
        # client's own claim.
        return get(client, **{"X-Forwarded-For": f"10.9.9.9, {client_address}"})

    assert [via_proxy("203.0.113.1") for _ in range(4)] == [200, 200, 200, 429]
    assert via_proxy("203.0.113.2") == 200


@time_machine.travel(NOON, tick=False)
def test_over_the_limit_the_answer_says_when_to_come_back(client, limit):
    for _ in range(3):
        get(client)

    response = client.get("/api/v1/courts/")

    assert response.status_code == 429
    assert response["Retry-After"] == "40"  # the minute's window ends at 12:01:00
    assert "Expected available in 40 seconds" in response.json()["detail"]


def test_a_new_window_starts_a_new_count(client, limit):
    with time_machine.travel(NOON, tick=False) as clock:
        assert [get(client) for _ in range(4)] == [200, 200, 200, 429]
        clock.shift(datetime.timedelta(seconds=40))
        assert [get(client) for _ in range(4)] == [200, 200, 200, 429]


@time_machine.travel(NOON, tick=False)
def test_counts_in_the_database_are_shared_by_every_worker(client, limit):
    """Another worker has its own memory: clearing this process's caches leaves
    the count where it is."""
    assert [get(client) for _ in range(3)] == [200, 200, 200]
    for cache in caches.all():
        cache.clear()

    assert get(client) == 429
    assert ThrottleWindow.objects.get().hits == 4


def test_each_request_costs_one_statement_and_ended_windows_are_cleared(
    client, limit, django_assert_num_queries
):
    with time_machine.travel(NOON, tick=False) as clock:
        get(client)
        ended = ThrottleWindow.objects.create(
            client="anon:192.0.2.1", period=1, ends=60
        )
        window = ThrottleWindow.objects.get(client="anon:127.0.0.1")

        with django_assert_num_queries(1):
            assert hit(window.client, window.period, window.ends, NOON.timestamp()) == 2
        assert ThrottleWindow.objects.filter(pk=ended.pk).exists()

        clock.shift(datetime.timedelta(minutes=1))
        get(client)  # the first request of a new window clears the ended ones

    assert list(ThrottleWindow.objects.values_list("client", "hits")) == [
        ("anon:127.0.0.1", 1)
    ]


@time_machine.travel(NOON, tick=False)
def test_with_redis_the_counts_live_in_redis(client, limit, in_redis):
    assert [get(client) for _ in range(3)] == [200, 200, 200]
    caches["responses"].clear()

    assert get(client) == 429
    assert not ThrottleWindow.objects.exists()
