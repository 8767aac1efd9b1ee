"""Instant CSV: every API answer as CSV, the same rows as its JSON, flattened."""

import csv
import io
import json

import pytest

from .test_api import LISTS

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def header(response):
    return next(csv.reader(io.StringIO(response.content.decode())))


def test_us_rulings_as_csv(client, demo_data):
    response = client.get("/api/v1/rulings/", {"country": "US", "format": "csv"})
    answer = client.get("/api/v1/rulings/", {"country": "US"}).json()
    table = rows(response)

    assert [int(row["id"]) for row in table] == [r["id"] for r in answer["results"]]
    assert len(table) == answer["count"] > 0
    assert {row["court.country"] for row in table} == {"US"}
    assert response["X-Total-Count"] == str(answer["count"])
    first = answer["results"][0]
    assert table[0]["case.slug"] == first["case"]["slug"]
    assert table[0]["date"] == first["date"]  # a partial date stays a prefix
    assert table[0]["is_final"] in {"true", "false"}


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_answers_csv_with_one_header_on_every_page(
    client, demo_data, resource
):
    full = client.get(f"/api/v1/{resource}/", {"format": "csv", "page_size": 100})
    empty = client.get(
        f"/api/v1/{resource}/",
        {"format": "csv", "updated_since": "2999-01-01T00:00:00Z"},
    )
    by_accept = client.get(f"/api/v1/{resource}/", HTTP_ACCEPT="text/csv")
    answer = client.get(f"/api/v1/{resource}/", {"page_size": 100}).json()

    assert [int(row["id"]) for row in rows(full)] == [
        r["id"] for r in answer["results"]
    ]
    assert rows(empty) == []
    assert header(empty) == header(full)
    assert header(by_accept) == header(full)
    assert "id" in header(full) and "url" in header(full)


def test_csv_follows_filters_ordering_and_pages(client, demo_data):
    params = {"country": "KZ", "ordering": "-opened", "page_size": 2}
    first = client.get("/api/v1/cases/", {**params, "format": "csv"})
    answer = client.get("/api/v1/cases/", params).json()

    assert [row["slug"] for row in rows(first)] == [
        c["slug"] for c in answer["results"]
    ]
    assert first["X-Total-Count"] == str(answer["count"])
    link = first["Link"]
    assert link.startswith("<http://testserver/api/v1/cases/?") and 'rel="next"' in link
    assert "format=csv" in link and "page=2" in link
    following = client.get(link[1 : link.index(">")])
    nxt = client.get(answer["next"]).json()
    assert [row["slug"] for row in rows(following)] == [
        c["slug"] for c in nxt["results"]
    ]
    assert 'rel="prev"' in following["Link"]


def test_nested_lists_are_json_cells_and_scalar_lists_are_joined(client, demo_data):
    table = rows(client.get("/api/v1/parties/viktor-khrapunov/", {"format": "csv"}))
    detail = client.get("/api/v1/parties/viktor-khrapunov/").json()

    assert len(table) == 1
    assert json.loads(table[0]["other_names"]) == detail["other_names"]
    search = client.get(
        "/api/v1/search/", {"q": "Храпунов", "type": "party"}, HTTP_ACCEPT="text/csv"
    )
    assert "viktor-khrapunov" in {row["slug"] for row in rows(search)}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"opened_after": "soon"}, "opened_after"),
        ({"colour": "red"}, "colour"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_input_with_csv_is_a_json_400_naming_the_parameter(
    client, demo_data, params, named
):
    response = client.get("/api/v1/cases/", {**params, "format": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert named in response.json()


def test_an_unknown_format_is_a_400_naming_it(client, db):
    response = client.get("/api/v1/cases/", {"format": "xml"})

    assert response.status_code == 400
    assert response.json() == {"format": ["Unknown format “xml”: use json, csv."]}


@pytest.mark.parametrize("resource", LISTS)
def test_csv_names_no_unpublished_record(client, world, secrets, resource):
    response = client.get(f"/api/v1/{resource}/", {"format": "csv", "page_size": 100})

    assert "SECRET" not in response.content.decode()
    assert "secret-" not in response.content.decode()
