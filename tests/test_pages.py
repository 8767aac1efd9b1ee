"""Public pages: what a reader sees, only published data, constant query counts."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proceedings.templatetags.proceedings import sanction_status, term

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

DEMO_PAGES = [
    "/",
    "/cases/",
    "/cases/?country=KZ",
    "/cases/kazakhstan-v-viktor-khrapunov-and-others/",
    "/cases/jsc-bta-bank-v-khrapunov-uksc/",
    "/cases/city-of-almaty-v-ablyazov/",
    "/cases/kazakhstan-v-ilyas-khrapunov/",
    "/parties/",
    "/parties/viktor-khrapunov/",
    "/parties/ilyas-khrapunov/",
    "/parties/triadou-spv-sa/",
    "/courts/",
    "/courts/supreme-court-of-the-united-kingdom/",
    "/search/?q=Khrapunov",
    "/search/",
]


@pytest.mark.parametrize("path", DEMO_PAGES)
def test_every_page_renders_for_the_demo_data(client, demo_data, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.text
    assert "<title>" in html and 'name="description"' in html
    assert '<link rel="canonical" href="http://testserver/' in html
    assert 'property="og:title"' in html
    assert "<h1>" in html
    assert not re.search(
        r"""(src|href)=["']https?://(?!testserver)[^"']*\.(css|js)""", html
    )


def test_every_published_record_of_the_demo_has_a_page(client, demo_data):
    from proceedings.models import Case, Court, Party

    for model in (Case, Party, Court):
        for record in model.objects.published():
            assert client.get(record.get_absolute_url()).status_code == 200, record


def test_kazakh_verdict_page_says_what_a_reader_needs(client, demo_data):
    html = client.get("/cases/kazakhstan-v-viktor-khrapunov-and-others/").text

    assert "tried in absentia" in html
    assert "17 years, maximum security" in html
    assert "imposed in absentia — unenforced" in html
    assert '<time datetime="2018-10-08">8 October 2018</time>' in html
    assert "Qasym Qalmaghambetov" in html
    assert "Rejected the charges as politically motivated." in html
    assert "convicted" in html
    assert 'href="https://rferl.org/a/former-almaty-mayor-wife-convicted' in html


def charge_rows(html):
    """{offence: accused-and-outcome text} of a case page's charges table."""
    rows = re.findall(
        r'<tr id="charge-\d+">\s*<th scope="row"[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>',
        html,
        re.S,
    )
    text = lambda fragment: " ".join(re.sub(r"<[^>]+>", "", fragment).split())  # noqa: E731
    return {offence.split("<")[0].strip(): text(accused) for offence, accused in rows}


def test_the_2018_verdict_page_names_each_accused_with_their_outcome(client, demo_data):
    html = client.get("/cases/kazakhstan-v-viktor-khrapunov-and-others/").text
    rows = charge_rows(html)

    fraud = next(accused for offence, accused in rows.items() if offence == "Fraud")
    assert "Leyla Khrapunova: convicted" in fraud
    assert "Aiyar Ilyasov: convicted" in fraud
    assert "Ainakul Sadykbayeva: pleaded guilty, not punished" in fraud
    assert "Abylaikhan Karymsakov: pleaded guilty, not punished" in fraud
    assert "more than USD 250 million" in html
    assert "they do not say of which charge each defendant was convicted" in html


def test_a_fact_resting_only_on_an_advocacy_profile_is_marked(client, demo_data):
    html = client.get("/cases/kazakhstan-v-ilyas-khrapunov/").text

    assert "single source: advocacy or profile site" in html
    # a fact with an independent source is not marked
    uk = client.get("/cases/jsc-bta-bank-v-khrapunov-uksc/").text
    assert "single source" not in uk


def test_a_case_without_a_court_shows_its_jurisdiction(client, demo_data):
    html = client.get("/cases/kazakhstan-v-ilyas-khrapunov/").text

    assert "not named by the sources" in html
    assert re.search(r"<dt>Jurisdiction</dt><dd>Kazakhstan</dd>", html)


def test_a_court_page_gives_its_other_names(client, demo_data):
    html = client.get("/courts/swiss-federal-administrative-court/").text

    for name in ["Bundesverwaltungsgericht", "BVGer", "Tribunal administratif fédéral"]:
        assert name in html
    assert '<span lang="de">BVGer</span>' in html


def test_search_page_finds_a_court_by_its_abbreviation(client, demo_data):
    html = client.get("/search/", {"q": "BVGer"}).text

    assert "Swiss Federal Administrative Court" in html


def test_party_page_gives_charges_and_dated_facts_outside_any_case(client, demo_data):
    html = client.get("/parties/viktor-khrapunov/").text

    assert "Charges and claims" in html
    assert "emigrated to Switzerland" in html
    assert "dismissed as Minister of Emergency Situations" in html
    ilyas = client.get("/parties/ilyas-khrapunov/").text
    assert "CHF 350 million" in ilyas


def test_the_2021_opinion_shows_the_rulings_it_decided_objections_to(client, demo_data):
    html = client.get("/cases/city-of-almaty-v-ablyazov/").text
    opinion = html[html.index("Memorandum opinion and order") :]
    opinion = opinion[: opinion.index('<p class="sources">')]

    assert opinion.count("Objections:") == 2


def test_uk_case_page_shows_the_appeal_chain_and_citation(client, demo_data):
    html = client.get("/cases/jsc-bta-bank-v-khrapunov-uksc/").text

    assert "[2018] UKSC 19" in html
    assert "appeal dismissed" in html
    assert "Appeal from:" in html
    assert "Lord Sumption" in html


def test_party_page_reads_relationships_and_every_proceeding(client, demo_data):
    html = client.get("/parties/ilyas-khrapunov/").text

    assert "Son of" in html and "Viktor Khrapunov" in html
    assert "Son-in-law of" in html
    assert "Ильяс Храпунов" in html
    for title in ["Kazakhstan v. Ilyas Khrapunov", "JSC BTA Bank (Respondent)"]:
        assert title in html
    assert "Madina" not in html


def test_a_source_without_an_address_is_named_not_linked(client, db):
    offline = SourceFactory(url="", publisher="Court archive (paper)")
    case = CaseFactory(sources=[offline])
    party = PartyFactory()
    ParticipationFactory(case=case, party=party)
    ruling = RulingFactory(case=case)
    ruling.sources.add(offline)
    ChargeFactory(case=case, party=party).sources.add(offline)
    EventFactory(case=case, parties=[party]).sources.add(offline)
    StatementFactory(party=party, case=case, source=offline)
    RelationshipFactory(subject=party, object=PartyFactory()).sources.add(offline)

    for page in [case.get_absolute_url(), party.get_absolute_url()]:
        html = client.get(page).text
        assert 'href=""' not in html, page
        assert "Court archive (paper)" in html, page


def test_party_page_and_api_list_relationships_in_one_order(client, demo_data):
    answer = client.get("/api/v1/parties/viktor-khrapunov/").json()
    others = [item["party"]["name"] for item in answer["relationships"]]
    html = client.get("/parties/viktor-khrapunov/").text
    section = html[html.index('id="relationships"') : html.index("</section>")]
    positions = [section.index(f">{name}</a>") for name in others]

    assert len(others) > 2
    assert positions == sorted(positions)


def test_party_timeline_dates_a_case_by_its_first_ruling_when_opening_is_unknown(
    client, demo_data
):
    html = client.get("/parties/viktor-khrapunov/").text
    html = html[html.index('<ol class="timeline">') :]  # the list, not the pictures

    assert "first ruling; opening date not known" in html
    order = [
        html.index(t)
        for t in [
            "Geneva money-laundering",
            "Extradition request",
            "Kazakhstan v. Viktor",
        ]
    ]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("months", "words"),
    [
        (204, "17 years"),
        (60, "5 years"),
        (18, "1 year 6 months"),
        (8, "8 months"),
        (0, "0 months"),
    ],
)
def test_terms_are_said_in_years_and_months(months, words):
    assert term(months) == words


@pytest.mark.parametrize(
    ("status", "in_absentia", "words"),
    [
        ("unenforced", True, "imposed in absentia — unenforced"),
        ("unenforced", False, "imposed — unenforced"),
        ("imposed", True, "imposed in absentia"),
        ("recommended", True, "recommended, not imposed"),
        ("vacated", False, "vacated: no longer in force"),
    ],
)
def test_sanction_status_is_said_plainly(status, in_absentia, words):
    sanction = SanctionFactory.build(status=status)

    assert sanction_status(sanction, in_absentia) == words


# --- Filters on the list pages ---------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"court": "sdny"}, ["Bank v Ilyas"]),
        ({"country": "CH"}, ["Extradition of Viktor"]),
        ({"kind": "criminal"}, ["State v Viktor"]),
        ({"status": "pending"}, ["Bank v Ilyas"]),
        ({"party": "ilyas"}, ["Bank v Ilyas"]),
        ({"year": "2014"}, ["Extradition of Viktor"]),
        ({"in_absentia": "true"}, ["State v Viktor"]),
        ({"q": "15cv5345"}, ["Bank v Ilyas"]),
        (
            {"opened_after": "2015-01-01", "opened_before": "2015-12-31"},
            ["Bank v Ilyas"],
        ),
    ],
)
def test_case_list_filters_like_the_api(client, world, params, expected):
    response = client.get("/cases/", params)
    titles = [case.title for case in response.context["object_list"]]

    assert response.status_code == 200
    assert titles == expected
    api = client.get("/api/v1/cases/", params).json()
    assert [c["title"] for c in api["results"]] == expected


@pytest.mark.parametrize(
    ("params", "name"),
    [({"court": "nope"}, "court"), ({"year": "soon"}, "year"), ({"q": "x" * 300}, "q")],
)
def test_bad_filter_on_a_page_is_a_400_with_the_reason(client, world, params, name):
    response = client.get("/cases/", params)

    assert response.status_code == 400
    assert name in response.context["filter"].errors
    assert 'class="error"' in response.text


def test_a_date_range_is_two_labelled_boxes_in_one_fieldset(client, world):
    response = client.get(
        "/cases/", {"opened_after": "2015-01-01", "opened_before": "x"}
    )

    assert response.status_code == 400
    html = response.text
    start = html.index("<legend>Opened</legend>")
    fieldset = html[
        html.rindex("<fieldset", 0, start) : html.index("</fieldset>", start)
    ]
    assert re.search(
        r'<label class="bound">from\s*<input[^>]*name="opened_after"', fieldset
    )
    assert re.search(
        r'<label class="bound">to\s*<input[^>]*name="opened_before"', fieldset
    )
    assert 'value="2015-01-01"' in fieldset
    assert "Not a date: “x”." in fieldset


def test_party_list_filters_by_case_and_role(client, world):
    response = client.get("/parties/", {"case": "civil", "role": "defendant"})

    assert sorted(p.slug for p in response.context["object_list"]) == [
        "ilyas",
        "viktor",
    ]


def test_court_page_lists_its_published_cases(client, world, secrets):
    html = client.get("/courts/sdny/").text

    assert "Bank v Ilyas" in html


# --- 404s and leaks --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/cases/no-such-case/",
        "/parties/no-such-party/",
        "/courts/no-such-court/",
        "/nowhere/",
    ],
)
def test_unknown_page_is_a_404_page(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Not found" in response.text


@pytest.mark.parametrize("path", ["/parties/secret-relative/", "/cases/secret-draft/"])
def test_unpublished_record_page_is_404(client, secrets, path):
    assert client.get(path).status_code == 404


LEAK_PAGES = [
    "/",
    "/cases/",
    "/cases/?party=viktor",
    "/cases/criminal/",
    "/cases/civil/",
    "/cases/extradition/",
    "/parties/",
    "/parties/?case=civil",
    "/parties/viktor/",
    "/parties/ilyas/",
    "/parties/judge/",
    "/parties/viktor/timeline.svg",
    "/parties/viktor/network.svg",
    "/parties/ilyas/timeline.svg",
    "/parties/ilyas/network.svg",
    "/courts/",
    "/courts/sdny/",
    "/courts/almaty/",
    "/search/?q=draft",
    "/search/?q=Relative",
    "/search/?q=2099",
    "/feeds/rulings/",
    "/rulings/",
    "/rulings/?case=civil",
    "/sanctions/",
    "/sanctions/?party=ilyas",
    "/rulings/feed/?country=US",
    "/parties/?role=witness",
    "/cases/civil/feed/",
    "/cases/criminal/feed/",
    "/parties/viktor/feed/",
    "/parties/ilyas/feed/",
    "/courts/sdny/feed/",
    "/courts/almaty/feed/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("language", ["", "/ru", "/kk"])
@pytest.mark.parametrize("path", LEAK_PAGES)
def test_no_page_feed_or_sitemap_names_an_unpublished_record(
    client, world, secrets, path, language
):
    """In every language: a page under /ru/ or /kk/ is a page of its own."""
    response = client.get(language + path)

    assert response.status_code == 200
    assert "SECRET" not in response.text
    assert "secret-" not in response.text


def test_counts_on_the_home_page_leave_out_unpublished_records(client, world, secrets):
    counts = client.get("/").context["counts"]

    assert counts == {"cases": 3, "parties": 5, "rulings": 4, "countries": 3}


# --- Feed, sitemap, robots --------------------------------------------------------


def test_feed_is_atom_with_the_latest_rulings(client, demo_data):
    response = client.get("/feeds/rulings/")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}

    assert response.headers["Content-Type"].startswith("application/atom+xml")
    entries = root.findall("a:entry", ns)
    assert len(entries) == 16
    links = {e.find("a:link", ns).get("href") for e in entries}
    assert any("#ruling-" in link for link in links)


ATOM = {"a": "http://www.w3.org/2005/Atom"}


def atom_entries(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # well-formed, or this raises
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ["a:id", "a:title", "a:updated"]:
        assert root.find(required, ATOM) is not None, required
    entries = root.findall("a:entry", ATOM)
    for entry in entries:
        for required in ["a:id", "a:title", "a:updated", "a:link"]:
            assert entry.find(required, ATOM) is not None, required
    return [
        (entry.find("a:title", ATOM).text, entry.find("a:link", ATOM).get("href"))
        for entry in entries
    ]


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/cases/civil/", "/cases/civil/feed/"),
        ("/parties/viktor/", "/parties/viktor/feed/"),
        ("/courts/sdny/", "/courts/sdny/feed/"),
    ],
)
def test_case_party_and_court_pages_advertise_their_own_feed(client, world, page, feed):
    html = client.get(page).text

    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}">' in html  # in the head
    assert f'<p class="follow"><a href="{feed}"' in html  # and on the page
    assert atom_entries(client, feed) is not None


def test_a_case_feed_lists_its_own_published_rulings_sanctions_and_events(
    client, world, secrets
):
    entries = atom_entries(client, "/cases/civil/feed/")
    text = " ".join(f"{title} {link}" for title, link in entries)

    assert "SECRET" not in text and "secret-" not in text
    assert all(
        link.startswith("http://testserver/cases/civil/#") for _, link in entries
    )
    assert any("#ruling-" in link for _, link in entries)
    assert any("#sanction-" in link for _, link in entries)
    assert f"#ruling-{secrets['draft_ruling'].pk}" not in text
    other = atom_entries(client, "/cases/criminal/feed/")
    assert not {link for _, link in other} & {link for _, link in entries}


def test_a_party_feed_follows_their_cases_sanctions_and_events(client, world, secrets):
    event = EventFactory(case=None, parties=[world["viktor"]], description="Left")
    entries = atom_entries(client, "/parties/viktor/feed/")
    links = [link for _, link in entries]

    assert f"http://testserver/parties/viktor/#event-{event.pk}" in links
    assert any("/cases/criminal/#sanction-" in link for link in links)  # on him
    assert any("/cases/criminal/#ruling-" in link for link in links)  # his case
    assert "SECRET" not in " ".join(title for title, _ in entries)
    assert not any("/cases/secret-draft/" in link for link in links)


def test_a_court_feed_lists_what_was_decided_there(client, world, secrets):
    links = [link for _, link in atom_entries(client, "/courts/almaty/feed/")]

    assert links and all("/cases/criminal/" in link for link in links)


@pytest.mark.parametrize(
    "path",
    ["/parties/secret-relative/feed/", "/cases/secret-draft/feed/", "/courts/x/feed/"],
)
def test_no_feed_for_an_unpublished_or_unknown_record(client, world, secrets, path):
    assert client.get(path).status_code == 404


def test_a_record_feed_costs_the_same_with_more_items(client, world):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            entries = atom_entries(client, "/cases/civil/feed/")
        return len(captured), len(entries)

    EventFactory(case=world["civil"], parties=[world["ilyas"]])  # one of each kind
    few = queries()
    for _ in range(5):
        RulingFactory(case=world["civil"])
        EventFactory(case=world["civil"], parties=[world["ilyas"]])
    more = queries()

    assert more[1] >= few[1] + 10
    assert more[0] == few[0]


def test_sitemap_lists_published_pages_only(client, demo_data):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    locs = {
        e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }

    assert "http://testserver/parties/viktor-khrapunov/" in locs
    assert "http://testserver/cases/city-of-almaty-v-ablyazov/" in locs
    assert not any("madina" in loc for loc in locs)


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_server_error_page_is_plain_and_self_contained(client, db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert "{%" not in html


# --- Query counts ----------------------------------------------------------------


def grow(world, n):
    for _ in range(n):
        party = PartyFactory()
        PartyNameFactory(party=party)
        case = CaseFactory(court=world["kz"], sources=[world["source"]])
        ParticipationFactory(case=case, party=party)
        ParticipationFactory(case=world["criminal"], party=party, role="witness")
        ParticipationFactory(case=world["civil"], party=party, role="witness")
        ruling = RulingFactory(case=world["criminal"], judges=[party])
        ruling.sources.add(SourceFactory())
        SanctionFactory(ruling=ruling, party=party)
        ChargeFactory(
            case=world["criminal"],
            accused=[(party, "convicted", None), (world["viktor"], "pending", None)],
            alleged_amount=1000,
            alleged_amount_currency="USD",
        ).sources.add(world["source"])
        add_amount(SanctionFactory(ruling=ruling, party=world["viktor"]), 5, "EUR")
        add_amount(EventFactory(case=world["criminal"], parties=[party]), 5, "KZT")
        add_amount(EventFactory(case=None, parties=[world["viktor"]]), 5, "CHF")
        RulingReviewFactory(ruling=ruling, reviewed=world["verdict"])
        CourtNameFactory(court=world["kz"])
        StatementFactory(party=party, case=world["criminal"])
        StatementFactory(party=world["viktor"], case=case)
        RelationshipFactory(subject=world["viktor"], object=party, kind="associate")
        SanctionFactory(ruling=RulingFactory(case=case), party=world["viktor"])


PAGES = [
    "/",
    "/cases/",
    "/cases/?q=State",
    "/cases/criminal/",
    "/parties/",
    "/parties/viktor/",
    "/parties/viktor/timeline.svg",
    "/parties/viktor/network.svg",
    "/courts/",
    "/courts/almaty/",
    "/search/?q=Person",
    "/feeds/rulings/",
    "/cases/criminal/feed/",
    "/parties/viktor/feed/",
    "/rulings/",
    "/rulings/?sort=oldest&country=KZ",
    "/sanctions/",
    "/sanctions/?party=viktor",
    "/sitemap.xml",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_query_count_does_not_grow_with_its_rows(
    client, world, path, django_assert_max_num_queries
):
    grow(world, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200

    grow(world, 25)
    # Search may skip its fuzzy step once it has enough matches: never more.
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200


def test_rulings_list_filters_like_the_api_and_sorts_by_date(client, demo_data):
    def dates(path):
        response = client.get(path)
        assert response.status_code == 200
        return [r.date_partial for r in response.context["object_list"]]

    swiss = client.get("/rulings/?country=CH&page=1").context["object_list"]
    api = client.get("/api/v1/rulings/", {"country": "CH", "page_size": 100}).json()
    newest, oldest = (
        dates("/rulings/?country=CH"),
        dates("/rulings/?country=CH&sort=oldest"),
    )

    assert {r.pk for r in swiss} == {r["id"] for r in api["results"]}
    dated = [d for d in newest if d]
    assert dated == sorted(dated, reverse=True) and newest[-1] is None  # undated last
    assert [d for d in oldest if d] == sorted(dated) and oldest[-1] is None


def test_sanctions_list_says_where_each_stands(client, demo_data):
    html = client.get("/sanctions/", {"party": "viktor-khrapunov"}).text

    assert "imposed in absentia — unenforced" in html
    assert "17 years" in html
    assert client.get("/sanctions/", {"status": "nonsense"}).status_code == 400


def test_a_bad_sort_is_a_400_that_says_what_to_type(client, db):
    response = client.get("/rulings/", {"sort": "alphabetical"})

    assert response.status_code == 400
    assert "Sort by “newest” or “oldest”." in response.text


def test_rulings_and_sanctions_are_in_the_navigation_and_on_the_home_page(
    client, demo_data
):
    html = client.get("/").text
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]

    assert 'href="/rulings/"' in nav and 'href="/sanctions/"' in nav
    main = html[html.index("<main") :]
    assert 'href="/rulings/"' in main and 'href="/sanctions/"' in main


def test_every_filter_has_a_label_a_person_understands():
    from proceedings import filters

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    filtersets = list(subclasses(filters.PublicFilterSet))
    assert len(filtersets) >= 7
    for filterset_class in filtersets:
        for name, filter_ in filterset_class().filters.items():
            # a label django-filter made up from the lookup, unless one is given
            assert filter_._label is not None, (filterset_class.__name__, name)


@pytest.mark.parametrize("path", ["/cases/", "/parties/", "/rulings/", "/sanctions/"])
def test_list_forms_show_no_generated_labels(client, db, path):
    html = client.get(path).text
    form = html[
        html.index('<form class="filters"') : html.index(
            "</form>", html.index('<form class="filters"')
        )
    ]

    for generated in [
        "[invalid name]",
        "is greater than",
        "Participations",
        "Updated at",
    ]:
        assert generated not in form, (path, generated)


def test_home_search_box_and_latest_rulings(client, demo_data):
    html = client.get(reverse("proceedings:home")).text

    assert 'role="search"' in html
    assert "Latest rulings" in html
    assert "Memorandum opinion and order" in html or "City of Almaty" in html


def test_a_courts_page_lists_undated_cases_last(client, db):
    court = CourtFactory(slug="dated-and-not")
    CaseFactory(court=court, title="Undated case", opened=None, opened_precision="")
    CaseFactory(court=court, title="Dated case")

    html = client.get("/courts/dated-and-not/").text

    assert html.index("Dated case") < html.index("Undated case")
