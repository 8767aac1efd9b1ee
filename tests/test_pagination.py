"""Deep pages: by number (ids first) and by the cursors deep links carry, the same
rows in the same order as one long list, on every ordering a client can ask for."""

import base64
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proceedings.api import pagination
from proceedings.fields import DatePrecision

from .factories import CaseFactory, CourtFactory, SanctionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shallow(monkeypatch):
    """Cursors from the third row on and ids-first pages from the second, so a
    few rows exercise what 100,000 would."""
    monkeypatch.setattr(pagination, "KEYSET_FROM", 3)
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 2)
    monkeypatch.setattr(pagination, "ANCHOR_EVERY", 3)


@pytest.fixture
def cases():
    """Cases with equal and unknown dates and equal titles, so every tie-break
    and the empty-value rule are crossed; two drafts in between."""
    court = CourtFactory()
    made = []
    dates = [None, "2018-01-01", "2018-01-01", "2019-05-01", None, "2017-03-01"]
    for i in range(23):
        date = dates[i % len(dates)]
        made.append(
            CaseFactory(
                court=court,
                title=f"State v. {'Same' if i % 4 == 0 else i}",
                opened=date and datetime.date.fromisoformat(date),
                opened_precision=DatePrecision.DAY if date else "",
                closed=datetime.date(2020, 1, i % 5 + 1) if i % 3 else None,
                closed_precision=DatePrecision.DAY if i % 3 else "",
            )
        )
    CaseFactory(court=court, is_published=False, title="State v. Draft")
    CaseFactory(court=court, is_published=False, opened=None, opened_precision="")
    return made


def walk(client, url, direction="next"):
    pages, seen = [], set()
    while url:
        assert url not in seen
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body)
        url = body[direction]
    return pages


def cursor_of(link):
    return parse_qs(urlsplit(link).query)["cursor"][0]


def everything(client, ordering):
    response = client.get("/api/v1/cases/", {"ordering": ordering, "page_size": 100})
    return [row["slug"] for row in response.json()["results"]]


ORDERINGS = [
    "-opened",
    "opened",
    "closed",
    "-closed",
    "title",
    "-title",
    "-updated_at",
    "id",
]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_following_next_links_gives_the_whole_list_once(
    client, cases, shallow, ordering
):
    pages = walk(client, f"/api/v1/cases/?ordering={ordering}&page_size=2")
    walked = [row["slug"] for page in pages for row in page["results"]]
    assert walked == everything(client, ordering)
    assert len(walked) == 23
    assert {page["count"] for page in pages} == {23}
    assert any("cursor=" in (page["next"] or "") for page in pages)


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_following_previous_links_from_the_end_gives_it_backwards(
    client, cases, shallow, ordering
):
    forward = walk(client, f"/api/v1/cases/?ordering={ordering}&page_size=2")
    backward = walk(client, forward[-1]["previous"], direction="previous")
    walked = [row["slug"] for page in reversed(backward) for row in page["results"]]
    assert walked == everything(client, ordering)[: len(walked)]
    assert len(walked) == 23 - len(forward[-1]["results"])
    assert (
        "cursor=" not in backward[-1]["previous"] if backward[-1]["previous"] else True
    )


def test_unknown_dates_sort_last_in_both_directions(client, cases):
    for ordering in ("opened", "-opened"):
        rows = client.get(
            "/api/v1/cases/", {"ordering": ordering, "page_size": 100}
        ).json()["results"]
        dates = [row["opened"] for row in rows]
        known = [date for date in dates if date]
        assert dates == known + [None] * (len(dates) - len(known))
        assert known == sorted(known, reverse=ordering.startswith("-"))


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("mode", ["on", "off"])  # with anchors, and without
def test_a_deep_page_by_number_has_the_rows_of_the_long_list(
    client, cases, shallow, settings, ordering, mode
):
    settings.RESPONSE_CACHE = mode
    expected = everything(client, ordering)
    for page in range(1, 7):
        response = client.get(
            "/api/v1/cases/", {"page": page, "page_size": 4, "ordering": ordering}
        )
        assert [row["slug"] for row in response.json()["results"]] == expected[
            (page - 1) * 4 : page * 4
        ]


def test_a_deep_page_by_number_links_onwards_by_cursor(client, cases, shallow):
    body = client.get("/api/v1/cases/", {"page": 3, "page_size": 2}).json()
    assert "cursor=" in body["next"]
    assert "page=" not in body["next"]
    following = client.get(body["next"]).json()
    assert (
        following["results"]
        == client.get("/api/v1/cases/", {"page": 4, "page_size": 2}).json()["results"]
    )


def test_a_cursor_keeps_the_filters(client, cases, shallow):
    other = CaseFactory(title="Elsewhere v. State")
    pages = walk(client, f"/api/v1/cases/?court={cases[0].court.slug}&page_size=2")
    slugs = [row["slug"] for page in pages for row in page["results"]]
    assert other.slug not in slugs
    assert len(slugs) == 23


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "eyJuIjogMX0="},  # base64 JSON, but not a position
        {"cursor": "!!!"},
        {"cursor": "WzFd"},  # base64 JSON, a list
    ],
)
def test_a_bad_cursor_is_a_400_naming_cursor(client, cases, params):
    response = client.get("/api/v1/cases/", params)
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_cursor_from_another_ordering_is_a_400(client, cases, shallow):
    body = client.get("/api/v1/cases/", {"page": 3, "page_size": 2}).json()
    cursor = cursor_of(body["next"])
    response = client.get("/api/v1/cases/", {"cursor": cursor, "ordering": "title"})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_page_and_cursor_together_are_a_400(client, cases, shallow):
    body = client.get("/api/v1/cases/", {"page": 3, "page_size": 2}).json()
    response = client.get(body["next"] + "&page=2")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_lists_ordered_through_a_relation_page_by_number_only(client, shallow):
    for _ in range(5):
        SanctionFactory()
    body = client.get("/api/v1/sanctions/", {"page_size": 1, "page": 4}).json()
    assert "page=5" in body["next"]
    response = client.get("/api/v1/sanctions/", {"cursor": "eyJuIjogMX0="})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_cursor_page_costs_the_same_queries_as_the_first(client, cases, shallow):
    with CaptureQueriesContext(connection) as first:
        body = client.get("/api/v1/cases/", {"page_size": 2}).json()
    deep = walk(client, "/api/v1/cases/?page_size=2")[5]["next"]
    assert "cursor=" in deep
    for _ in range(30):
        CaseFactory(court=cases[0].court)
    with CaptureQueriesContext(connection) as cursor_page:
        assert client.get(deep).status_code == 200
    # one more query at most, where a page runs from dated into undated cases
    assert len(cursor_page) <= len(first) + 1
    assert body["count"] == 23


def test_a_deep_page_by_number_seeks_from_an_anchor(client, cases, shallow):
    """Past the first block of rows no query skips a block's worth or more."""
    client.get("/api/v1/cases/", {"page": 5, "page_size": 4})  # anchors kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/cases/", {"page": 6, "page_size": 4})
    assert response.status_code == 200
    offsets = [
        int(sql.split("OFFSET")[1].split()[0])
        for sql in (query["sql"] for query in queries)
        if "OFFSET" in sql
    ]
    assert all(offset < pagination.ANCHOR_EVERY for offset in offsets)


def test_a_cursor_with_keys_no_column_holds_is_a_400(client, cases, shallow):
    body = client.get("/api/v1/cases/", {"page": 3, "page_size": 2}).json()
    cursor = cursor_of(body["next"])
    position = json.loads(base64.urlsafe_b64decode(cursor))
    position["k"][-1] = "9" * 30  # the id
    forged = base64.urlsafe_b64encode(json.dumps(position).encode()).decode()
    response = client.get("/api/v1/cases/", {"cursor": forged, "page_size": 2})
    assert response.status_code == 400
    assert "cursor" in response.json()
