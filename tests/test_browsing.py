"""Browsing the lists as a reader and a developer: dates typed as people write
them, records named by name, the active filters in words, facet counts on the
pages and in the API, and a feed for a filtered list of rulings."""

import re
import time
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proceedings import facets as faceting
from proceedings.models import Case

from .factories import CaseFactory, PartyFactory

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def api(client, path, params=None):
    return client.get(f"/api/v1/{path}", params or {})


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


# --- Dates as the admin takes them ---------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # the whole period counts: "before 2015" runs to 31 December 2015
        ({"opened_before": "2015"}, ["civil", "extradition"]),
        ({"opened_before": "2014"}, ["extradition"]),
        ({"opened_after": "2015"}, ["civil", "criminal"]),
        ({"opened_after": "July 2015"}, ["civil", "criminal"]),
        ({"opened_after": "August 2015"}, ["criminal"]),
        ({"opened_before": "March 2014"}, ["extradition"]),
        ({"opened_before": "2014-02"}, []),
        ({"opened_after": "1 July 2015", "opened_before": "2015-07-01"}, ["civil"]),
        ({"opened_after": "2014", "opened_before": "2015"}, ["civil", "extradition"]),
    ],
)
def test_case_dates_are_read_as_periods_in_any_usual_form(
    client, world, params, expected
):
    assert slugs(api(client, "cases/", params)) == expected


def test_ruling_and_sanction_dates_take_the_same_forms(client, world):
    rulings = api(client, "rulings/", {"date_after": "October 2018"}).json()
    assert {r["case"]["slug"] for r in rulings["results"]} == {"criminal", "civil"}

    sanctions = api(client, "sanctions/", {"date_before": "2018"}).json()
    assert [s["kind"] for s in sanctions["results"]] == ["imprisonment"]


@pytest.mark.parametrize(
    "value", ["2018-13", "Octember 2018", "yesterday", "2018-02-30"]
)
def test_a_bad_date_names_the_forms_it_takes(client, world, value):
    response = api(client, "cases/", {"opened_after": value})

    assert response.status_code == 400
    (message,) = response.json()["opened_after"]
    assert f"“{value}”" in message
    assert "October 2018" in message and "2018-10-08" in message


def test_bounds_the_wrong_way_round_are_an_error_not_an_empty_list(client, world):
    response = api(client, "cases/", {"opened_after": "2019", "opened_before": "2018"})

    assert response.status_code == 400
    assert "swap" in str(response.json())


# --- The API's messages ----------------------------------------------------------


def test_an_unknown_slug_is_repeated_in_the_answer(client, world):
    response = api(client, "cases/", {"party": "viktor-x"})

    assert response.status_code == 400
    assert response.json() == {"party": ["No published party has the slug “viktor-x”."]}


def test_the_api_takes_slugs_only_not_names(client, world):
    response = api(client, "cases/", {"party": "Viktor Test"})

    assert response.status_code == 400
    assert "“Viktor Test”" in response.json()["party"][0]


def test_a_bad_choice_lists_the_choices(client, world):
    response = api(client, "cases/", {"kind": "tort"})

    (message,) = response.json()["kind"]
    assert "“tort”" in message
    assert "criminal" in message and "extradition" in message


@pytest.mark.parametrize(("name", "value"), [("currency", "usd"), ("country", "us")])
def test_codes_are_read_in_any_case(client, world, name, value):
    upper = api(client, "cases/", {name: value.upper()})
    lower = api(client, "cases/", {name: value})

    assert slugs(lower) == slugs(upper) == ["civil"]


def test_an_unknown_currency_says_what_a_code_looks_like(client, world):
    response = api(client, "sanctions/", {"currency": "dollars"})

    (message,) = response.json()["currency"]
    assert "“DOLLARS”" in message and "ISO 4217" in message and "USD" in message


# --- Records chosen by name on the pages ----------------------------------------


def test_a_page_takes_a_party_by_name_under_any_spelling(client, world):
    by_name = client.get("/cases/?party=viktor+test")
    by_slug = client.get("/cases/?party=viktor&page=1")

    assert by_name.status_code == 200
    assert list(by_name.context["object_list"]) == list(by_slug.context["object_list"])
    assert "involving Viktor Test" in by_name.text


def test_a_name_that_fits_several_parties_offers_them_as_links(client, world):
    PartyFactory(name="Viktor Other", slug="viktor-other")
    CaseFactory(slug="other")  # a published party needs no case to be chosen

    response = client.get("/cases/?party=Viktor&kind=criminal")

    assert response.status_code == 400
    assert "“Viktor” fits 2 parties: choose one." in response.text
    links = re.findall(r'<ul class="candidates">(.*?)</ul>', response.text)[0]
    assert 'href="?party=viktor&amp;kind=criminal"' in links
    assert 'href="?party=viktor-other&amp;kind=criminal"' in links


def test_a_name_fitting_no_published_party_says_so(client, world, secrets):
    response = client.get("/cases/?party=SECRET+Relative")

    assert response.status_code == 400
    assert "No published party is called “SECRET Relative”" in response.text
    assert "secret-relative" not in response.text


def test_the_court_is_chosen_by_name(client, world):
    html = client.get("/cases/").text
    select = re.search(r'<select name="court".*?</select>', html, re.S).group(0)

    assert '<option value="sdny">SDNY</option>' in select
    assert '<option value="almaty">Almaty court</option>' in select


# --- The active filters in words -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (
            "/cases/?kind=criminal&country=kz&in_absentia=true",
            "Criminal cases in Kazakhstan, tried in absentia",
        ),
        ("/cases/?party=viktor&role=defendant", "Cases involving Viktor Test, as"),
        ("/cases/?opened_after=2015&year=2015", "Cases opened in or after 2015"),
        ("/rulings/?country=CH&date_after=2014", "Rulings in Switzerland, dated in"),
        ("/sanctions/?party=ilyas&currency=usd&amount_min=1000", "Sanctions on Ilyas"),
        ("/parties/?role=defendant", "Parties as defendant"),
    ],
)
def test_the_active_filters_are_said_in_words(client, world, path, words):
    response = client.get(path)

    assert response.status_code == 200
    summary = re.search(r'class="active-filters"><strong>(.*?)</strong>', response.text)
    assert summary.group(1).startswith(words)


def test_an_amount_reads_with_its_currency(client, world):
    summary = client.get("/sanctions/?currency=usd&amount_min=1000").context["summary"]

    assert summary == "Sanctions with an amount USD of at least 1000"


def test_no_summary_without_filters_and_a_way_back_with_them(client, world):
    plain = client.get("/cases/")
    assert 'class="active-filters"' not in plain.text

    filtered = client.get("/cases/?kind=civil")
    assert '<a href="?">clear filters</a>' in filtered.text


def test_what_the_reader_typed_is_escaped_in_the_summary(client, world):
    response = client.get("/cases/?q=%3Cscript%3Ex%3C%2Fscript%3E")

    assert "<script>x" not in response.text
    assert "matching “&lt;script&gt;x&lt;/script&gt;”" in response.text


# --- Facets on the pages ----------------------------------------------------------


def facet(response, name):
    """[(label, count, chosen)] of one facet on a list page."""
    for shown, values in response.context["facets"]:
        if shown.name == name:
            return [
                (value.label, value.count, chosen) for value, _href, chosen in values
            ]
    return None


def test_the_case_list_counts_each_choice_for_the_current_list(client, world):
    everything = client.get("/cases/")
    # most frequent first, then by code
    assert facet(everything, "country") == [
        ("Switzerland", 1, False),
        ("Kazakhstan", 1, False),
        ("United States of America", 1, False),
    ]
    assert facet(everything, "role") == [
        ("defendant", 2, False),
        ("claimant or plaintiff", 1, False),
        ("judge", 1, False),
        ("person concerned", 1, False),
    ]
    assert facet(everything, "year") == [
        ("2014", 1, False),
        ("2015", 1, False),
        ("2018", 1, False),
    ]

    defendants = client.get("/cases/?role=defendant")
    assert facet(defendants, "kind") == [("civil", 1, False), ("criminal", 1, False)]
    assert ("defendant", 2, True) in facet(defendants, "role")


def test_a_facet_value_links_to_the_list_narrowed_to_it_and_back(client, world):
    response = client.get("/rulings/?sort=oldest")
    links = dict(
        (value.label, href)
        for shown, values in response.context["facets"]
        if shown.name == "year"
        for value, href, _chosen in values
    )
    assert links["2018"] == "?sort=oldest&date_after=2018&date_before=2018"

    narrowed = client.get("/rulings/" + links["2018"])
    assert [r.title for r in narrowed.context["object_list"]] == [
        world["verdict"].title
    ]
    ((_value, back, chosen),) = next(
        values for shown, values in narrowed.context["facets"] if shown.name == "year"
    )
    assert chosen and back == "?sort=oldest"


def test_facets_count_only_published_records(client, world, secrets):
    CaseFactory(slug="hidden", country="GB", is_published=False)

    countries = facet(client.get("/cases/"), "country")
    roles = facet(client.get("/parties/"), "role")

    assert "United Kingdom" not in [label for label, _count, _chosen in countries]
    assert "witness" not in [label for label, _count, _chosen in roles]


def test_no_facets_on_a_list_with_a_bad_filter(client, world):
    response = client.get("/cases/?year=abc")

    assert response.status_code == 400
    assert 'class="facets"' not in response.text


# --- Facets in the API --------------------------------------------------------------


def test_the_api_adds_facets_when_asked(client, world, secrets):
    body = api(client, "cases/", {"facets": "kind,country", "page_size": 1}).json()

    assert body["count"] == 3 and len(body["results"]) == 1
    assert body["facets"] == {
        "country": [
            {"value": "CH", "label": "Switzerland", "count": 1},
            {"value": "KZ", "label": "Kazakhstan", "count": 1},
            {"value": "US", "label": "United States of America", "count": 1},
        ],
        "kind": [
            {"value": "civil", "label": "civil", "count": 1},
            {"value": "criminal", "label": "criminal", "count": 1},
            {"value": "extradition", "label": "extradition", "count": 1},
        ],
    }


def test_api_facets_follow_the_filters(client, world):
    body = api(client, "rulings/", {"facets": "court,year", "country": "kz"}).json()

    assert body["facets"] == {
        "court": [{"value": "almaty", "label": "Almaty court", "count": 1}],
        "year": [{"value": "2018", "label": "2018", "count": 1}],
    }


def test_without_facets_the_answer_is_as_before(client, world):
    assert set(api(client, "cases/").json()) == {"count", "next", "previous", "results"}


def test_an_unknown_facet_is_a_400_naming_the_known_ones(client, world):
    response = api(client, "sanctions/", {"facets": "kind,colour"})

    assert response.status_code == 400
    (message,) = response.json()["facets"]
    assert "colour" in message and "kind, status" in message


def test_facets_cost_one_query_each_whatever_the_rows(client, world):
    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert api(client, "cases/", params).status_code == 200
        # the throttle's own bookkeeping comes and goes with the clock, and on
        # PostgreSQL each facet's time limit is a SET LOCAL in a savepoint
        return [
            q["sql"]
            for q in captured.captured_queries
            if "throttle" not in q["sql"]
            and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "SET "))
        ]

    without = queries({"kind": "civil"})
    with_two = queries({"kind": "criminal", "facets": "country,role"})
    for number in range(30):
        CaseFactory(slug=f"more-{number}", country="GB", kind="civil")
    with_more_rows = queries({"kind": "civil", "facets": "country,role"})

    assert len(with_two) == len(without) + 2
    assert len(with_more_rows) == len(with_two)


def test_the_schema_documents_facets(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    parameters = schema["paths"]["/api/v1/sanctions/"]["get"]["parameters"]
    (facets,) = [p for p in parameters if p["name"] == "facets"]
    assert "status" in facets["schema"]["pattern"]
    page = schema["components"]["schemas"]["PaginatedSanctionList"]
    assert "facets" in page["properties"]


# --- A feed for a filtered list of rulings ----------------------------------------


def entries(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root, [e.find("a:title", ATOM).text for e in root.findall("a:entry", ATOM)]


def test_the_rulings_list_has_a_feed_of_its_own_filters(client, world, secrets):
    page = client.get("/rulings/?country=US&sort=oldest")
    feed = "/rulings/feed/?country=US"
    assert 'title="Follow: Rulings in United States of America"' in page.text
    assert f'href="{feed}"' in page.text

    root, titles = entries(client, feed)

    assert len(titles) == 2  # the opinion and the appeal ruling, not the draft
    assert all(title.startswith("Bank v Ilyas") for title in titles)
    assert not any("SECRET" in title for title in titles)
    self_link = root.find("a:link[@rel='self']", ATOM).get("href")
    assert self_link.endswith(feed)


def test_a_bad_filter_on_the_feed_is_a_400_saying_what_to_type(client, world):
    response = client.get("/rulings/feed/?date_after=soon")

    assert response.status_code == 400
    assert "date_after" in response.text and "October 2018" in response.text


# --- A facet that takes too long is not counted, and says so ------------------------


def slow_query():
    """A query that runs for seconds on either database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(5)")
        else:
            cursor.execute(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                "WHERE x < 100000000) SELECT count(*) FROM n"
            )
        return cursor.fetchall()


def test_the_database_stops_a_query_past_the_time_limit(db):
    started = time.monotonic()
    assert faceting.within(50, slow_query) is None
    assert time.monotonic() - started < 2

    # the connection (and any transaction around it) carries on
    assert faceting.within(1000, lambda: Case.objects.count()) == 0
    assert Case.objects.count() == 0


@pytest.fixture
def slow_roles(monkeypatch, settings):
    settings.FACET_TIME_LIMIT_MS = 50
    rows = faceting.Facet.rows

    def rows_slowly(facet, queryset):
        if facet.name == "role":
            slow_query()
        return rows(facet, queryset)

    monkeypatch.setattr(faceting.Facet, "rows", rows_slowly)


def test_a_page_says_which_facet_it_could_not_count_in_time(client, world, slow_roles):
    response = client.get("/cases/")

    assert response.status_code == 200
    roles = dict(response.context["facets"])
    assert [f.name for f in roles if roles[f] is None] == ["role"]
    assert "Too many to count quickly: narrow the list first." in response.text
    assert ("Kazakhstan", 1, False) in facet(response, "country")


def test_the_api_answers_null_for_a_facet_not_counted_in_time(
    client, world, slow_roles
):
    body = api(client, "cases/", {"facets": "role,kind"}).json()

    assert body["facets"]["role"] is None
    assert len(body["facets"]["kind"]) == 3
