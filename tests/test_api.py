"""The public REST API: filters, errors, leaks, embedding, conditional GET, speed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from proceedings.models import Participation, Relationship, Sanction

from .factories import (
    CaseFactory,
    ChargeFactory,
    CourtFactory,
    CourtNameFactory,
    EventFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RelationshipFactory,
    RulingFactory,
    RulingReviewFactory,
    SanctionFactory,
    SourceFactory,
    StatementFactory,
    add_amount,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "courts",
    "parties",
    "cases",
    "rulings",
    "sanctions",
    "relationships",
    "sources",
]


def api(client, path, params=None, **headers):
    return client.get(f"/api/v1/{path}", params or {}, **headers)


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


# --- Every filter of every list ---------------------------------------------------

FILTERS = [
    ("courts", {"country": "KZ"}, ["almaty"]),
    ("courts", {"kind": "authority"}, ["fou"]),
    ("courts", {"q": "SDNY"}, ["sdny"]),
    ("parties", {"kind": "company"}, ["bank"]),
    ("parties", {"country": "KZ"}, ["bank", "viktor"]),
    ("parties", {"case": "civil"}, ["bank", "ilyas", "viktor"]),
    ("parties", {"role": "judge"}, ["judge"]),
    ("parties", {"case": "civil", "role": "defendant"}, ["ilyas", "viktor"]),
    ("parties", {"related_to": "viktor"}, ["bank", "ilyas"]),
    ("parties", {"q": "Ilyas"}, ["ilyas"]),
    ("cases", {"court": "sdny"}, ["civil"]),
    ("cases", {"country": "CH"}, ["extradition"]),
    ("cases", {"kind": "criminal"}, ["criminal"]),
    ("cases", {"status": "pending"}, ["civil"]),
    ("cases", {"party": "viktor"}, ["civil", "criminal", "extradition"]),
    ("cases", {"role": "claimant"}, ["civil"]),
    ("cases", {"party": "viktor", "role": "defendant"}, ["civil", "criminal"]),
    ("cases", {"in_absentia": "true"}, ["criminal"]),
    ("cases", {"in_absentia": "false"}, ["civil", "extradition"]),
    ("cases", {"opened_after": "2015-01-01"}, ["civil", "criminal"]),
    ("cases", {"opened_before": "2015-12-31"}, ["civil", "extradition"]),
    ("cases", {"q": "15cv5345"}, ["civil"]),
    ("cases", {"disposition": "convicted"}, ["criminal"]),
    ("cases", {"party": "ilyas", "disposition": "convicted"}, []),
    ("cases", {"party": "viktor", "disposition": "convicted"}, ["criminal"]),
    ("cases", {"currency": "USD"}, ["civil"]),
    ("cases", {"currency": "usd"}, ["civil"]),
    ("cases", {"amount_min": "100000"}, ["civil"]),
    ("cases", {"amount_max": "100000"}, []),
    ("cases", {"currency": "EUR", "amount_min": "1"}, []),
]

ID_FILTERS = [
    ("rulings", {"case": "criminal"}, ["verdict"]),
    ("rulings", {"court": "sdny"}, ["order"]),
    ("rulings", {"country": "CH"}, ["refusal"]),
    ("rulings", {"kind": "verdict"}, ["verdict"]),
    ("rulings", {"outcome": "denied"}, ["refusal"]),
    ("rulings", {"party": "ilyas"}, ["order"]),
    ("rulings", {"party": "viktor"}, ["order", "refusal", "verdict"]),
    ("rulings", {"judge": "judge"}, ["verdict"]),
    ("rulings", {"q": "Refusal"}, ["refusal"]),
    ("rulings", {"date_after": "2018-10-08"}, ["order", "verdict"]),
    ("rulings", {"date_before": "2018-10-07"}, ["refusal"]),
    ("sanctions", {"party": "viktor"}, ["prison"]),
    ("sanctions", {"case": "civil"}, ["fees"]),
    ("sanctions", {"court": "almaty"}, ["prison"]),
    ("sanctions", {"country": "US"}, ["fees"]),
    ("sanctions", {"kind": "imprisonment"}, ["prison"]),
    ("sanctions", {"status": "unenforced"}, ["prison"]),
    ("sanctions", {"currency": "USD"}, ["fees"]),
    ("sanctions", {"amount_min": "100000"}, ["fees"]),
    ("sanctions", {"amount_max": "100000"}, []),
    ("sanctions", {"currency": "USD", "amount_max": "250000"}, ["fees"]),
    ("sanctions", {"currency": "KZT", "amount_min": "1"}, []),
    ("sanctions", {"date_after": "2019-01-01"}, ["fees"]),
    ("sanctions", {"date_before": "2019-01-01"}, ["prison"]),
    ("relationships", {"party": "ilyas"}, ["son"]),
    ("relationships", {"party": "viktor"}, ["owner", "son"]),
    ("relationships", {"kind": "owner"}, ["owner"]),
    ("sources", {"kind": "court_record"}, ["source"]),
    ("sources", {"publisher": "court"}, ["source"]),
    ("sources", {"q": "record"}, ["source"]),
]


@pytest.mark.parametrize(("path", "params", "expected"), FILTERS)
def test_slug_resources_filter(client, world, path, params, expected):
    assert slugs(api(client, f"{path}/", params)) == sorted(expected)


@pytest.mark.parametrize(("path", "params", "expected"), ID_FILTERS)
def test_id_resources_filter(client, world, path, params, expected):
    assert ids(api(client, f"{path}/", params)) == sorted(world[n].pk for n in expected)


def test_updated_since_accepts_any_iso_offset(client, world):
    response = api(client, "cases/", {"updated_since": "2000-01-01T00:00:00-23:05"})

    assert response.json()["count"] == 3


@pytest.mark.parametrize("path", LISTS)
def test_updated_since_returns_only_later_changes(client, world, path):
    everything = api(client, f"{path}/").json()["count"]
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)

    assert everything > 0
    assert (
        api(client, f"{path}/", {"updated_since": "2000-01-01T00:00:00Z"}).json()[
            "count"
        ]
        == everything
    )
    assert (
        api(client, f"{path}/", {"updated_since": future.isoformat()}).json()["count"]
        == 0
    )


def test_the_filter_table_covers_every_filter_of_every_list():
    from proceedings.api.views import (
        CaseViewSet,
        CourtViewSet,
        PartyViewSet,
        RelationshipViewSet,
        RulingViewSet,
        SanctionViewSet,
        SourceViewSet,
    )

    viewsets = {
        "courts": CourtViewSet,
        "parties": PartyViewSet,
        "cases": CaseViewSet,
        "rulings": RulingViewSet,
        "sanctions": SanctionViewSet,
        "relationships": RelationshipViewSet,
        "sources": SourceViewSet,
    }
    tested = {
        (path, name) for path, params, _ in FILTERS + ID_FILTERS for name in params
    }
    for path, viewset in viewsets.items():
        for name in viewset.filterset_class.parameters():
            if name in {"updated_since", "year"}:
                continue
            assert (path, name) in tested, (path, name)


def test_case_year_filter(client, world):
    assert slugs(api(client, "cases/", {"year": 2018})) == ["criminal"]


# --- Responses: conventions and embedding -----------------------------------------


def test_objects_carry_id_slug_url_web_url_and_updated_at(client, world):
    case = api(client, "cases/criminal/").json()

    assert case["id"] == world["criminal"].pk
    assert case["slug"] == "criminal"
    assert case["url"] == "http://testserver/api/v1/cases/criminal/"
    assert case["web_url"] == "http://testserver/cases/criminal/"
    assert "updated_at" in case


def test_partial_dates_are_iso_prefixes_with_their_precision(client, world):
    case = api(client, "cases/civil/").json()

    assert (case["opened"], case["opened_precision"]) == ("2015-07", "month")
    assert (case["closed"], case["closed_precision"]) == (None, "")


def test_money_is_an_amount_with_its_currency(client, world):
    fees = api(client, f"sanctions/{world['fees'].pk}/").json()

    assert fees["amounts"] == [
        {
            "amount": "250000",
            "currency": "USD",
            "qualifier": "exact",
            "description": "",
            "source": None,
        }
    ]
    assert api(client, f"sanctions/{world['prison'].pk}/").json()["amounts"] == []


def test_case_detail_answers_a_case_in_one_call(client, world):
    case = api(client, "cases/criminal/").json()

    assert case["court"]["slug"] == "almaty"
    assert case["country"] == "KZ"
    assert {(p["party"]["slug"], p["role"]) for p in case["participations"]} == {
        ("viktor", "defendant"),
        ("judge", "judge"),
    }
    assert [
        [(a["party"]["slug"], a["disposition"]) for a in c["accused"]]
        for c in case["charges"]
    ] == [[("viktor", "convicted")]]
    assert [r["judges"][0]["slug"] for r in case["rulings"]] == ["judge"]
    assert [
        (s["party"]["slug"], s["term_months"], s["status"]) for s in case["sanctions"]
    ] == [("viktor", 204, "unenforced")]
    assert [s["title"] for s in case["sources"]] == ["Court record"]


def test_party_detail_reads_relationships_from_its_side(client, world):
    ilyas = api(client, "parties/ilyas/").json()

    assert [(r["reading"], r["party"]["slug"]) for r in ilyas["relationships"]] == [
        ("son of", "viktor")
    ]
    assert {p["case"]["slug"] for p in ilyas["participations"]} == {"civil"}
    assert [s["kind"] for s in ilyas["sanctions"]] == ["costs_and_fees"]


def test_relationship_gives_both_readings(client, world):
    son = api(client, f"relationships/{world['son'].pk}/").json()

    assert son["readings"] == {"subject": "father of", "object": "son of"}


def test_default_ordering_is_stable_and_ordering_can_be_chosen(client, world):
    assert [c["slug"] for c in api(client, "cases/").json()["results"]] == [
        "criminal",
        "civil",
        "extradition",
    ]
    assert [
        c["slug"]
        for c in api(client, "cases/", {"ordering": "title"}).json()["results"]
    ] == ["civil", "extradition", "criminal"]


# --- Errors ----------------------------------------------------------------------

BAD_PARAMETERS = [
    ("cases/", {"colour": "red"}, "colour"),
    ("cases/", {"court": "no-such-court"}, "court"),
    ("cases/", {"party": "no-such-party"}, "party"),
    ("cases/", {"kind": "tort"}, "kind"),
    ("cases/", {"country": "XX"}, "country"),
    ("cases/", {"opened_after": "2018-13-45"}, "opened_after"),
    ("cases/", {"opened_before": "yesterday"}, "opened_before"),
    ("cases/", {"in_absentia": "perhaps"}, "in_absentia"),
    ("cases/", {"updated_since": "last week"}, "updated_since"),
    ("cases/", {"updated_since": "9999-12-31T23:59:59-23:00"}, "updated_since"),
    ("cases/", {"page_size": "101"}, "page_size"),
    ("cases/", {"page_size": "0"}, "page_size"),
    ("cases/", {"page": "first"}, "page"),
    ("cases/", {"ordering": "secret_field"}, "ordering"),
    ("cases/", {"q": "x" * 5000}, "q"),
    ("sanctions/", {"amount_min": "lots"}, "amount_min"),
    ("sanctions/", {"amount_max": "1e400"}, "amount_max"),
    ("cases/", {"amount_max": "-5.077315482146957e+16"}, "amount_max"),
    ("cases/", {"amount_min": "2.5e5"}, "amount_min"),
    ("cases/", {"year": "1.81806711258628e+16"}, "year"),
    ("cases/", {"year": "99999999999999999999"}, "year"),
    ("sanctions/", {"currency": "XYZ"}, "currency"),
    ("sanctions/", {"status": "forgotten"}, "status"),
    ("rulings/", {"judge": "nobody"}, "judge"),
    ("rulings/", {"date_after": "2018-02-30"}, "date_after"),
    ("parties/", {"related_to": "nobody"}, "related_to"),
    ("relationships/", {"kind": "enemy"}, "kind"),
    ("courts/", {"q": "\x00"}, "q"),
    ("cases/criminal/", {"page": "2"}, "page"),
    ("cases/", {"disposition": "guilty"}, "disposition"),
    ("cases/", {"currency": "dollars"}, "currency"),
    ("cases/", {"amount_min": "-"}, "amount_min"),
    ("cases/", {"amount_max": "1e400"}, "amount_max"),
    ("cases/", {"amount_min": "12345678901234567890"}, "amount_min"),
    ("cases/", {"currency": ["USD", "EUR"]}, "currency"),
    ("cases/", {"disposition": ["convicted", "dismissed"]}, "disposition"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD_PARAMETERS)
def test_bad_parameter_is_a_400_naming_it(client, world, path, params, name):
    response = api(client, path, params)

    assert response.status_code == 400
    body = response.json()
    assert name in body
    assert body[name][0]


def test_a_range_error_names_the_bound_that_is_wrong(client, world):
    """A range filter (django-filter's) reads two parameters; its error names the
    one whose value is wrong, not the filter."""
    response = api(
        client, "cases/", {"opened_after": "2015-01-01", "opened_before": "soon"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"opened_before"}

    response = api(client, "sanctions/", {"amount_min": "lots", "amount_max": "more"})
    assert set(response.json()) == {"amount_min", "amount_max"}

    response = api(client, "rulings/", {"date_after": "2018-10-01", "date_before": "x"})
    assert set(response.json()) == {"date_before"}


def test_unpublished_slug_is_as_unknown_as_a_missing_one(client, world):
    hidden = PartyFactory(slug="hidden", is_published=False)

    response = api(client, "cases/", {"party": hidden.slug})

    assert response.status_code == 400
    assert "party" in response.json()


@pytest.mark.parametrize("page", ["99", "99999999999999999999999"])
def test_page_past_the_end_is_a_404_naming_page(client, world, page):
    response = api(client, "cases/", {"page": page})

    assert response.status_code == 404
    assert "page" in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "cases/nope/",
        "parties/nope/",
        "courts/nope/",
        "rulings/999999/",
        "sanctions/0/",
        "relationships/999999/",
        "sources/999999/",
    ],
)
def test_unknown_object_is_404(client, world, path):
    assert api(client, path).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["cases/", "cases/criminal/", "search/"])
def test_writes_are_refused_with_405(client, world, method, path):
    response = getattr(client, method)(
        f"/api/v1/{path}", {}, content_type="application/json"
    )

    assert response.status_code == 405


# --- Leaks -----------------------------------------------------------------------


PUBLIC_PATHS = [
    *[f"{name}/" for name in LISTS],
    *[f"{name}/?page_size=100" for name in LISTS],
    "courts/almaty/",
    "courts/sdny/",
    "parties/viktor/",
    "parties/ilyas/",
    "parties/bank/",
    "parties/judge/",
    "cases/criminal/",
    "cases/civil/",
    "cases/extradition/",
    "cases/?party=viktor",
    "parties/?case=civil",
    "parties/?related_to=viktor",
    "rulings/{verdict}/",
    "rulings/{order}/",
    "rulings/{refusal}/",
    "rulings/{appeal}/",
    "sanctions/{prison}/",
    "sanctions/{fees}/",
    "relationships/{son}/",
    "relationships/{owner}/",
    "relationships/?party=viktor",
    "sources/{source}/",
    "cases/?disposition=convicted",
    "cases/?currency=EUR",
    "search/?q=SECRET",
    "search/?q=Relative",
    "search/?q=2099",
    "search/?q=Test",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_no_endpoint_or_embedded_list_names_an_unpublished_record(
    client, world, secrets, path
):
    pks = {
        name: getattr(value, "pk", None) for name, value in {**world, **secrets}.items()
    }
    response = client.get(f"/api/v1/{path.format(**pks)}")

    assert response.status_code == 200, response.content[:300]
    body = response.content.decode()
    assert "SECRET" not in body
    assert "secret-" not in body
    assert f"/rulings/{secrets['draft_ruling'].pk}/" not in body


@pytest.mark.parametrize(
    "path",
    ["parties/secret-relative/", "cases/secret-draft/"],
)
def test_unpublished_detail_is_404(client, secrets, path):
    assert api(client, path).status_code == 404


def test_unpublished_ruling_and_its_sanctions_are_404(client, world, secrets):
    ruling = secrets["draft_ruling"]

    assert api(client, f"rulings/{ruling.pk}/").status_code == 404
    for sanction in ruling.sanctions.all():
        assert api(client, f"sanctions/{sanction.pk}/").status_code == 404


def test_counts_do_not_include_unpublished_records(client, world, secrets):
    assert api(client, "parties/").json()["count"] == 5  # the world's 4 and counsel
    assert api(client, "cases/").json()["count"] == 3
    assert api(client, "sanctions/").json()["count"] == 2
    assert api(client, "relationships/").json()["count"] == 2


def test_an_unpublished_accused_is_neither_shown_nor_found(client, world, secrets):
    case = api(client, "cases/criminal/").json()
    group = next(c for c in case["charges"] if c["offence"] == "Conspiracy")

    assert [a["party"]["slug"] for a in group["accused"]] == ["viktor"]
    assert api(client, "cases/", {"disposition": "pleaded_guilty"}).json()["count"] == 0
    hidden = next(a for a in group["amounts"] if a["currency"] == "EUR")
    assert hidden["source"] is None  # the figure's source is confidential


def test_appeal_of_an_unpublished_record_is_null(client, world, secrets):
    assert api(client, "cases/criminal/").json()["appeal_of"] is None
    assert api(client, f"rulings/{secrets['appeal'].pk}/").json()["appeal_of"] == []
    listed = {c["slug"]: c for c in api(client, "cases/").json()["results"]}
    assert listed["criminal"]["appeal_of"] is None


# --- HTTP behaviour --------------------------------------------------------------


def test_conditional_get_answers_304(client, world):
    first = api(client, "cases/criminal/")
    etag = first.headers["ETag"]

    again = api(client, "cases/criminal/", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""


def test_a_change_changes_the_etag(client, world):
    etag = api(client, "cases/criminal/").headers["ETag"]
    world["criminal"].summary = "Changed."
    world["criminal"].save()

    response = api(client, "cases/criminal/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200


def test_any_origin_may_read(client, world):
    response = api(client, "cases/", HTTP_ORIGIN="https://newsroom.example")

    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_schema_and_docs_are_served_without_internet(client, db):
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/cases/" in schema.content
    assert docs.status_code == 200
    assert b"https://" not in docs.content.replace(b"https://testserver", b"")
    assert b"/static/drf_spectacular_sidecar/" in docs.content


# --- Query counts: constant whatever the number of rows --------------------------


def grow(world, n):
    """n more rows of every kind, all linked to the world's records."""
    for i in range(n):
        party = PartyFactory()
        PartyNameFactory(party=party)
        case = CaseFactory(court=world["kz"], sources=[world["source"]])
        ParticipationFactory(case=case, party=party)
        ParticipationFactory(case=world["criminal"], party=party, role="witness")
        ruling = RulingFactory(case=case, judges=[world["judge"], party])
        SanctionFactory(ruling=ruling, party=party)
        SanctionFactory(ruling=world["verdict"], party=party)
        ChargeFactory(
            case=world["criminal"],
            accused=[
                (party, "convicted", world["verdict"]),
                (world["viktor"], "pending", None),
            ],
            alleged_amount=1000,
            alleged_amount_currency="USD",
        )
        add_amount(SanctionFactory(ruling=world["verdict"], party=party), 5, "EUR")
        add_amount(EventFactory(case=world["criminal"], parties=[party]), 5, "KZT")
        EventFactory(case=None, parties=[world["viktor"]])
        RulingReviewFactory(
            ruling=world["order"], reviewed=RulingFactory(case=world["civil"])
        )
        CourtNameFactory(court=world["kz"])
        StatementFactory(party=party, case=world["criminal"])
        RelationshipFactory(subject=world["viktor"], object=party, kind="associate")
        SourceFactory()
        CourtFactory()
        world["viktor"].sources.add(SourceFactory())
        i  # noqa: B018


ENDPOINTS = [
    *[f"{name}/" for name in LISTS],
    *[f"{name}/?page_size=100" for name in LISTS],
    "cases/criminal/",
    "parties/viktor/",
    "courts/almaty/",
    "rulings/{verdict}/",
    "sanctions/{prison}/",
    "relationships/{son}/",
    "sources/{source}/",
    "search/?q=Test",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_query_count_does_not_grow_with_the_data(
    client, world, path, django_assert_num_queries, monkeypatch
):
    # The throttle's own statement is counted in tests/test_throttling.py.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    path = path.format(**{k: getattr(v, "pk", None) for k, v in world.items()})
    grow(world, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/v1/{path}").status_code == 200

    grow(world, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(f"/api/v1/{path}")
    assert response.status_code == 200
    # A case embeds 17 lists (charges with their accused and amounts, rulings
    # with their judges, links, sanctions and theirs, events with theirs…).
    assert len(few.captured_queries) <= 24


# --- The demo data answers the readers' questions --------------------------------


def test_sentences_the_kazakh_court_imposed_in_october_2018(client, demo_data):
    response = api(
        client,
        "sanctions/",
        {
            "country": "KZ",
            "date_after": "2018-10-01",
            "date_before": "2018-10-31",
            "kind": "imprisonment",
        },
    )
    rows = {
        (r["party"]["name"], r["term_months"], r["status"])
        for r in response.json()["results"]
    }

    assert rows == {
        ("Viktor Khrapunov", 204, "unenforced"),
        ("Leyla Khrapunova", 168, "unenforced"),
        ("Aiyar Ilyasov", 60, "unenforced"),
    }


SDNY = "united-states-district-court-for-the-southern-district-of-new-york"


def test_sdny_rulings_concerning_viktor_khrapunov(client, demo_data):
    response = api(
        client,
        "rulings/",
        {
            "party": "viktor-khrapunov",
            "court": SDNY,
        },
    )
    dates = [r["date"] for r in response.json()["results"]]

    assert "2020-09-03" in dates
    assert dates == sorted(dates)
    assert {r["case"]["number"] for r in response.json()["results"]} == {
        "1:15-cv-05345 (AJN) (KHP)"
    }


def test_every_proceeding_involving_ilyas_khrapunov(client, demo_data):
    response = api(client, "cases/", {"party": "ilyas-khrapunov", "page_size": 100})
    countries = {c["country"] for c in response.json()["results"]}

    assert response.json()["count"] == 5
    assert {"GB", "US", "KZ"} <= countries
    by_slug = {c["slug"]: c for c in response.json()["results"]}
    assert by_slug["kazakhstan-v-ilyas-khrapunov"]["court"] is None
    assert by_slug["kazakhstan-v-ilyas-khrapunov"]["country"] == "KZ"


def test_a_case_without_a_court_filters_by_its_own_country(client, demo_data):
    kazakh = slugs(api(client, "cases/", {"country": "KZ", "page_size": 100}))

    assert "kazakhstan-v-ilyas-khrapunov" in kazakh


def test_the_2018_verdict_names_who_was_convicted_and_who_pleaded_guilty(
    client, demo_data
):
    case = api(client, "cases/kazakhstan-v-viktor-khrapunov-and-others/").json()
    outcomes = {
        (a["party"]["slug"], a["disposition"], a["not_punished"])
        for charge in case["charges"]
        for a in charge["accused"]
    }

    assert outcomes == {
        ("viktor-khrapunov", "convicted", False),
        ("leyla-khrapunova", "convicted", False),
        ("aiyar-ilyasov", "convicted", False),
        ("ainakul-sadykbayeva", "pleaded_guilty", True),
        ("abylaikhan-karymsakov", "pleaded_guilty", True),
    }
    verdict = next(r for r in case["rulings"] if r["kind"] == "verdict")
    assert {a["ruling"] for charge in case["charges"] for a in charge["accused"]} == {
        verdict["id"]
    }


@pytest.mark.parametrize(
    ("party", "disposition"),
    [
        ("leyla-khrapunova", "convicted"),
        ("aiyar-ilyasov", "convicted"),
        ("ainakul-sadykbayeva", "pleaded_guilty"),
        ("abylaikhan-karymsakov", "pleaded_guilty"),
    ],
)
def test_cases_filter_by_an_accuseds_disposition(client, demo_data, party, disposition):
    found = api(client, "cases/", {"party": party, "disposition": disposition})

    assert slugs(found) == ["kazakhstan-v-viktor-khrapunov-and-others"]


def test_more_than_usd_250_million_is_found_and_said_as_more_than(client, demo_data):
    found = api(client, "cases/", {"amount_min": "200000000", "currency": "USD"})

    assert slugs(found) == ["kazakhstan-v-viktor-khrapunov-and-others"]
    case = api(client, "cases/kazakhstan-v-viktor-khrapunov-and-others/").json()
    amounts = [a for charge in case["charges"] for a in charge["amounts"]]
    assert [
        {k: a[k] for k in ("amount", "currency", "qualifier")} for a in amounts
    ] == [{"amount": "250000000", "currency": "USD", "qualifier": "more_than"}]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"currency": "EUR"}, ["extradition-request-for-viktor-khrapunov"]),
        (
            {"currency": "USD", "amount_min": "40000000", "amount_max": "50000000"},
            ["extradition-request-for-viktor-khrapunov"],
        ),
        ({"currency": "KZT"}, ["kazakhstan-v-viktor-khrapunov-and-others"]),
    ],
)
def test_figures_once_in_prose_are_found_by_the_amount_filters(
    client, demo_data, params, expected
):
    assert slugs(api(client, "cases/", params)) == expected


@pytest.mark.parametrize("name", ["BVGer", "Bundesverwaltungsgericht", "TAF"])
def test_a_court_is_found_under_its_other_names(client, demo_data, name):
    hits = api(client, "search/", {"q": name, "type": "court"}).json()["results"]

    assert hits[0]["slug"] == "swiss-federal-administrative-court"


def test_the_2021_opinion_links_every_ruling_it_reviewed(client, demo_data):
    opinion = api(
        client, "rulings/", {"date_after": "2021-10-18", "date_before": "2021-10-18"}
    ).json()["results"]
    (opinion,) = opinion
    detail = api(client, f"rulings/{opinion['id']}/").json()

    assert {(link["ruling"]["date"], link["kind"]) for link in detail["appeal_of"]} == {
        ("2019-07-03", "objection"),
        ("2020-09-03", "objection"),
    }
    assert {link["ruling"] for link in opinion["appeal_of"]} == {
        link["ruling"]["id"] for link in detail["appeal_of"]
    }


def test_a_party_gives_the_dated_facts_outside_any_case(client, demo_data):
    ilyas = api(client, "parties/ilyas-khrapunov/").json()

    (fortune,) = ilyas["events"]
    assert fortune["date"] == "2010"
    assert [(a["amount"], a["currency"]) for a in fortune["amounts"]] == [
        ("350000000", "CHF")
    ]
    assert {c["disposition"] for c in ilyas["charges"]} == {"pending", "dismissed"}


def test_sources_say_what_kind_of_account_they_are(client, demo_data):
    kinds = {
        s["publisher"]: s["kind"]
        for s in api(client, "sources/", {"page_size": 100}).json()["results"]
    }

    assert kinds["qazpolit.org"] == "advocacy"
    assert kinds["leila-khrapunova.com"] == "party"
    assert kinds["RFE/RL"] == "news_report"


def test_how_the_parties_are_related(client, demo_data):
    response = api(client, "relationships/", {"party": "ilyas-khrapunov"})
    readings = {
        (r["subject"]["name"], r["readings"]["subject"], r["object"]["name"])
        for r in response.json()["results"]
    }

    assert ("Viktor Khrapunov", "father of", "Ilyas Khrapunov") in readings
    assert ("Mukhtar Ablyazov", "father-in-law of", "Ilyas Khrapunov") in readings
    assert not any("Madina" in str(row) for row in readings)


def test_participation_roles_are_the_models(client, demo_data):
    roles = {
        p["role"]
        for p in api(client, "cases/jsc-bta-bank-v-khrapunov-uksc/").json()[
            "participations"
        ]
    }

    assert roles <= set(Participation.Role.values)
    assert {"appellant", "respondent", "judge"} <= roles
    assert Sanction.Status.UNENFORCED in Sanction.Status.values
    assert Relationship.Kind.PARENT in Relationship.Kind.values


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing/", "/api/v1/rulings/1.5/", "/api/v2/cases/", "/api/"]
)
def test_unrouted_api_address_is_a_json_404(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert "detail" in response.json()


DEMO_FILTERS = [
    ("courts/", {"country": "CH"}, 4),
    ("courts/", {"kind": "prosecutor"}, 1),
    ("courts/", {"q": "Almaty"}, 2),
    ("parties/", {"kind": "company"}, 6),
    (
        "parties/",
        {"case": "kazakhstan-v-viktor-khrapunov-and-others", "role": "judge"},
        1,
    ),
    ("parties/", {"related_to": "ilyas-khrapunov"}, 4),
    ("parties/", {"q": "Храпунов"}, 3),
    ("cases/", {"country": "CH"}, 5),
    ("cases/", {"country": "KZ"}, 3),
    ("cases/", {"disposition": "pleaded_guilty"}, 1),
    ("cases/", {"disposition": "dismissed"}, 1),
    ("courts/", {"q": "Bundesamt für Justiz"}, 1),
    ("cases/", {"kind": "asylum"}, 2),
    ("cases/", {"in_absentia": "true"}, 2),
    ("cases/", {"party": "viktor-khrapunov", "role": "defendant"}, 2),
    ("cases/", {"opened_after": "2015-01-01"}, 2),
    ("cases/", {"q": "15cv5345"}, 1),
    ("rulings/", {"court": SDNY}, 7),
    ("rulings/", {"judge": "katharine-h-parker"}, 3),
    ("rulings/", {"outcome": "appeal_dismissed"}, 1),
    ("rulings/", {"country": "GB"}, 2),
    ("rulings/", {"q": "2018 UKSC 19"}, 1),
    ("sanctions/", {"party": "ilyas-khrapunov"}, 3),
    ("sanctions/", {"status": "vacated"}, 4),
    ("sanctions/", {"kind": "imprisonment", "country": "KZ"}, 4),
    ("relationships/", {"kind": "parent_in_law"}, 2),
    ("sources/", {"kind": "court_record"}, 5),
    ("sources/", {"q": "Casetext"}, 3),
]


@pytest.mark.parametrize(("path", "params", "count"), DEMO_FILTERS)
def test_demo_data_filters(client, demo_data, path, params, count):
    response = api(client, path, params)

    assert response.status_code == 200, response.content
    assert response.json()["count"] == count
