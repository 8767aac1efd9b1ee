"""The response cache: repeated requests are answered from it, and nothing an
editor changes is ever answered from before the change."""

import datetime

import pytest
import time_machine
from django.db.models import F
from rest_framework.throttling import AnonRateThrottle

from proceedings import cache, services
from proceedings.models import Case, DataVersion, Party

from .factories import (
    AccusedFactory,
    CaseFactory,
    ChargeFactory,
    CourtNameFactory,
    ParticipationFactory,
    PartyFactory,
    SourceFactory,
    add_amount,
)
from .services import redis_cache

pytestmark = pytest.mark.django_db

STATUS = cache.STATUS_HEADER


@pytest.fixture
def case():
    case = CaseFactory(title="State v. Original", slug="state-v-original")
    ParticipationFactory(case=case, party=PartyFactory(name="Asel Example"))
    return case


CASE_ADDRESSES = ["/cases/state-v-original/", "/api/v1/cases/state-v-original/"]
LIST_ADDRESSES = ["/cases/", "/api/v1/cases/", "/api/v1/search/?q=Original"]


@pytest.mark.parametrize("path", CASE_ADDRESSES + LIST_ADDRESSES)
def test_a_repeated_request_is_answered_from_the_cache(client, case, path):
    first = client.get(path)
    second = client.get(path)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first[STATUS] == "miss"
    assert second[STATUS] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("path", [*CASE_ADDRESSES, "/cases/", "/api/v1/cases/"])
def test_an_edit_is_visible_on_the_next_request(client, case, path):
    assert b"State v. Original" in client.get(path).content
    assert client.get(path)[STATUS] == "hit"

    case.title = "State v. Edited"
    case.save()

    response = client.get(path)
    assert response[STATUS] == "miss"
    assert b"State v. Edited" in response.content
    assert b"State v. Original" not in response.content


def test_an_edit_is_visible_to_search_on_the_next_request(client, case):
    def found(q):
        hits = client.get("/api/v1/search/", {"q": q}).json()["results"]
        return [hit["slug"] for hit in hits if hit["type"] == "case"]

    assert found("Original") == ["state-v-original"]
    assert found("Original") == ["state-v-original"]

    case.title = "State v. Edited"
    case.save()

    assert found("Original") == []
    assert found("Edited") == ["state-v-original"]


def test_unpublishing_is_visible_on_the_next_request(client, case):
    for path in CASE_ADDRESSES:
        assert client.get(path).status_code == 200
        assert client.get(path)[STATUS] == "hit"

    services.unpublish(records=[case], user=None)

    for path in CASE_ADDRESSES:
        assert client.get(path).status_code == 404
    assert b"state-v-original" not in client.get("/api/v1/cases/").content


def test_a_deletion_is_visible_on_the_next_request(client, case):
    lone = CaseFactory(slug="lone")
    client.get("/api/v1/cases/")
    assert client.get("/api/v1/cases/").json()["count"] == 2

    lone.delete()

    assert client.get("/api/v1/cases/").json()["count"] == 1
    assert client.get("/api/v1/cases/lone/").status_code == 404


def test_a_change_to_an_embedded_list_is_visible(client, case):
    path = "/api/v1/cases/state-v-original/"
    assert client.get(path).json()["sources"] == []
    client.get(path)

    case.sources.add(SourceFactory(title="Court register"))  # many-to-many only

    assert [s["title"] for s in client.get(path).json()["sources"]] == [
        "Court register"
    ]


def test_an_accused_or_an_amount_added_to_a_charge_is_visible(client, case):
    path = "/api/v1/cases/state-v-original/"
    charge = ChargeFactory(case=case, offence="Fraud")
    assert len(client.get(path).json()["charges"][0]["accused"]) == 1

    AccusedFactory(charge=charge, party=PartyFactory(name="Second Accused"))
    add_amount(charge, 1000, "USD", "about")

    (shown,) = client.get(path).json()["charges"]
    assert len(shown["accused"]) == 2
    assert [a["qualifier"] for a in shown["amounts"]] == ["about"]


def test_a_courts_new_other_name_is_visible_to_search(client, case):
    path = "/api/v1/search/?q=BVGer"
    assert client.get(path).json()["count"] == 0

    CourtNameFactory(court=case.court, name="BVGer")

    assert client.get(path).json()["count"] == 1


def test_an_edit_in_another_worker_is_visible(client, case):
    """Another process's edit reaches this one through the database: it changes
    the row and advances the version there, and sends no signal here."""
    path = "/api/v1/cases/state-v-original/"
    client.get(path)
    assert client.get(path)[STATUS] == "hit"

    # no signal (the plain column and the English one, as a save writes them)
    Case.objects.filter(pk=case.pk).update(
        title="State v. Elsewhere", title_en="State v. Elsewhere"
    )
    assert client.get(path)[STATUS] == "hit"  # the cache cannot know yet…
    DataVersion.objects.update(value=F("value") + 1)  # …until the version moves

    response = client.get(path)
    assert response[STATUS] == "miss"
    assert response.json()["title"] == "State v. Elsewhere"


def test_the_version_survives_a_flush():
    """A lost row is recreated from the clock, never from zero, so entries keyed
    by earlier versions are not found again."""
    before = cache.current_version()
    DataVersion.objects.all().delete()
    after = cache.current_version()
    assert after > before
    cache.advance()
    assert cache.current_version() == after + 1


def test_history_and_search_rows_do_not_advance_it_themselves(case):
    before = cache.current_version()
    case.history.first().save()
    assert cache.current_version() == before
    Party.objects.first().save()  # re-indexes the party's search entries too
    assert cache.current_version() == before + 1


def test_errors_are_not_cached(client, case):
    for _ in range(2):
        response = client.get("/api/v1/cases/", {"court": "nowhere"})
        assert response.status_code == 400
        assert response.get(STATUS) != "hit"
    for _ in range(2):
        response = client.get("/cases/no-such-case/")
        assert response.status_code == 404
        assert response.get(STATUS) != "hit"


def test_logged_in_users_are_not_served_from_the_cache(client, case, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    client.get("/cases/state-v-original/")
    assert STATUS not in client.get("/cases/state-v-original/")


def test_the_cache_can_be_turned_off(client, case, settings):
    settings.RESPONSE_CACHE = False
    client.get("/api/v1/cases/")
    assert STATUS not in client.get("/api/v1/cases/")


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, 0, 20), tick=False)
def test_the_throttle_still_counts_cached_answers(client, case, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    statuses = [client.get("/api/v1/cases/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_other_formats_are_keyed_apart(client, case):
    """The format suffix is part of the path, so of the key."""
    plain = client.get("/api/v1/cases/")
    suffixed = client.get("/api/v1/cases.json")
    assert suffixed[STATUS] == "miss"
    assert b"/api/v1/cases/state-v-original.json" in suffixed.content
    assert b".json" not in plain.content


def test_the_host_is_part_of_the_key(client, case):
    """Answers carry absolute links, so each host name has its own entries."""
    first = client.get("/api/v1/cases/", HTTP_HOST="localhost")
    second = client.get("/api/v1/cases/", HTTP_HOST="127.0.0.1")
    assert second[STATUS] == "miss"
    assert b"http://127.0.0.1/" in second.content
    assert b"http://localhost/" in first.content


def test_bulk_changes_advance_the_version_once(case):
    before = cache.current_version()
    with cache.bulk():
        for title in ("One", "Two", "Three"):
            case.title = title
            case.save()
        assert cache.current_version() == before
    assert cache.current_version() == before + 1


def test_loading_the_demo_data_is_visible_on_the_next_request(client, db):
    from django.core.management import call_command

    assert client.get("/api/v1/cases/").json()["count"] == 0
    call_command("load_demo_data", verbosity=0)
    assert client.get("/api/v1/cases/").json()["count"] > 0


def test_the_cache_works_in_redis(client, case, settings, redis_url):
    """With REDIS_URL every worker shares one cache; Redis runs beside the
    database here and in CI (127.0.0.1:6379)."""
    settings.CACHES = {**settings.CACHES, "responses": redis_cache(redis_url)}
    path = "/api/v1/cases/state-v-original/"
    assert client.get(path)[STATUS] == "miss"
    assert client.get(path)[STATUS] == "hit"
    case.title = "State v. Edited"
    case.save()
    response = client.get(path)
    assert response[STATUS] == "miss"
    assert response.json()["title"] == "State v. Edited"
