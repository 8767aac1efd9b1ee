"""The appeal-chain picture of a case: /cases/<slug>/appeals.svg and the figure on
the case page (issue 16)."""

import datetime
import html
import itertools
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from proceedings.fields import DatePrecision
from proceedings.models import Case
from proceedings.pictures import appeals

from .factories import CaseFactory, CourtFactory, RulingFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
COURTS = itertools.count()
KHRAPUNOV = [
    "jsc-bta-bank-v-khrapunov-high-court",
    "jsc-bta-bank-v-khrapunov-court-of-appeal",
    "jsc-bta-bank-v-khrapunov-uksc",
]


def svg(client, slug):
    response = client.get(f"/cases/{slug}/appeals.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    return response.content.decode(), ET.fromstring(response.content)


def boxes(root):
    """(slug, depth) of each case box, in document order."""
    return [
        (g.get("data-case"), int(g.get("data-depth")))
        for g in root.iter(f"{SVG}g")
        if g.get("data-case")
    ]


def box_text(root, slug):
    group = next(g for g in root.iter(f"{SVG}g") if g.get("data-case") == slug)
    return [t.text for t in group.iter(f"{SVG}text")]


def build_chain(count, **ruling):
    """``count`` published cases, each an appeal of the one before, each before
    a court of its own and with two published decisions."""
    cases = []
    for level in range(count):
        case = CaseFactory(
            court=CourtFactory(name=f"Court {next(COURTS)} at level {level}"),
            appeal_of=cases[-1] if cases else None,
        )
        for day in (3, 17):
            RulingFactory(case=case, date=datetime.date(2019, level + 1, day), **ruling)
        cases.append(case)
    return cases


@pytest.mark.parametrize("slug", KHRAPUNOV)
def test_the_khrapunov_appeal_chain_from_each_of_its_cases(client, demo_data, slug):
    text, root = svg(client, slug)

    assert boxes(root) == [(s, depth) for depth, s in enumerate(KHRAPUNOV)]
    courts = [box_text(root, s)[0] for s in KHRAPUNOV]
    assert courts[0].startswith("High Court of Justice")
    assert courts[1].startswith("Court of Appeal")
    assert courts[2] == "Supreme Court of the United Kingdom"
    assert "21 March 2018 — judgment: appeal dismissed" in box_text(root, KHRAPUNOV[2])
    assert "http://testserver" in text
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text.startswith(
        "The proceedings went up on appeal from the High Court of Justice"
    )
    # This case: a thicker border and the words, not colour alone.
    current = next(g for g in root.iter(f"{SVG}g") if g.get("data-case") == slug)
    assert "this case" in box_text(root, slug)
    widths = {
        g.get("data-case"): float(next(g.iter(f"{SVG}rect")).get("stroke-width"))
        for g in root.iter(f"{SVG}g")
        if g.get("data-case")
    }
    assert widths.pop(slug) > max(widths.values())
    assert "current" in current.get("class")


def test_each_box_links_its_case_and_each_decision_its_ruling(client, demo_data):
    _, root = svg(client, KHRAPUNOV[2])
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]

    for slug in KHRAPUNOV:
        assert f"/cases/{slug}/" in hrefs
    uksc = Case.objects.get(slug=KHRAPUNOV[2])
    assert uksc.rulings.get().get_absolute_url() in hrefs


def test_an_authority_and_the_court_above_it(client, demo_data):
    _, root = svg(client, "khrapunov-v-state-secretariat-for-migration")

    assert boxes(root) == [
        ("khrapunov-asylum-application", 0),
        ("khrapunov-v-state-secretariat-for-migration", 1),
    ]
    assert root.find(f"{SVG}title").text == (
        "Appeal chain: SEM → Swiss Federal Administrative Court"
    )
    # The asylum decision's date is unknown: said so, never made up.
    assert "date not known — decision: denied" in box_text(
        root, "khrapunov-asylum-application"
    )


def test_a_date_known_to_the_year_reads_as_the_year(client, demo_data):
    _, root = svg(client, KHRAPUNOV[0])
    lines = box_text(root, KHRAPUNOV[1])

    assert "2017 — judgment" in lines
    assert not any("January 2017" in line for line in lines)

    _first, second = build_chain(2)
    RulingFactory(
        case=second,
        date=datetime.date(2016, 1, 1),
        date_precision=DatePrecision.YEAR,
        kind="judgment",
        outcome="affirmed",
    )
    text, _ = svg(client, second.slug)
    assert "2016 — judgment: affirmed" in text
    assert "1 January 2016" not in text


def test_the_case_page_shows_the_picture_and_how_to_embed_it(client, demo_data):
    response = client.get(f"/cases/{KHRAPUNOV[1]}/")
    page = response.content.decode()

    assert response.status_code == 200
    figure = page[page.index('<figure class="picture" id="appeals"') :]
    figure = figure[: figure.index("</figure>")]
    assert "<svg" in figure and 'data-case="jsc-bta-bank-v-khrapunov-uksc"' in figure
    assert (
        f'<img src="http://testserver/cases/{KHRAPUNOV[1]}/appeals.svg"'
        in html.unescape(figure)
    )
    assert 'href="#related"' in figure
    # The list in words stays, in the same section.
    related = page[page.index('<h2 id="related">') :]
    assert related.index('id="appeals"') < related.index("Appealed to:")
    assert "Appeal from:" in related


def test_no_picture_for_a_case_outside_any_chain(client, world, secrets):
    for slug in ("civil", "criminal"):  # criminal appeals an unpublished case
        assert client.get(f"/cases/{slug}/appeals.svg").status_code == 404
        page = client.get(f"/cases/{slug}/").content.decode()
        assert "appeals.svg" not in page and 'id="appeals"' not in page
    for slug in ("secret-draft", "no-such-case"):
        assert client.get(f"/cases/{slug}/appeals.svg").status_code == 404
    # A pair of cases does draw, so the 404s above are about the chain.
    first, _second = build_chain(2)
    assert client.get(f"/cases/{first.slug}/appeals.svg").status_code == 200


def test_an_unpublished_case_breaks_the_chain(client, db):
    cases = build_chain(5)
    hidden = cases[2]
    hidden.title = "SECRET middle appeal"
    hidden.is_published = False
    hidden.save()
    RulingFactory(case=cases[2], title="SECRET ruling", date=datetime.date(1999, 2, 1))

    text, root = svg(client, cases[1].slug)
    assert boxes(root) == [(cases[0].slug, 0), (cases[1].slug, 1)]
    text_below, root_below = svg(client, cases[4].slug)
    assert boxes(root_below) == [(cases[3].slug, 0), (cases[4].slug, 1)]
    for shown in (text, text_below):
        assert "SECRET" not in shown and hidden.slug not in shown
        assert hidden.court.name not in shown and "1999" not in shown
    assert client.get(f"/cases/{hidden.slug}/appeals.svg").status_code == 404
    page = client.get(f"/cases/{cases[1].slug}/").content.decode()
    assert "SECRET" not in page and cases[3].slug not in page


def test_an_unpublished_ruling_is_left_out(client, db):
    first, second = build_chain(2)
    secret = RulingFactory(
        case=second,
        date=datetime.date(1999, 2, 1),
        kind="order",
        outcome="vacated",
        is_published=False,
    )

    text, root = svg(client, first.slug)
    assert len(boxes(root)) == 2
    assert "1 February 1999" not in text and f"#ruling-{secret.pk}" not in text
    assert "vacated" not in text


def test_appeals_that_branch_are_drawn_depth_first(client, db):
    first = CaseFactory(court=CourtFactory(name="First instance"))
    later = CaseFactory(appeal_of=first, opened=datetime.date(2019, 1, 1))
    earlier = CaseFactory(appeal_of=first, opened=datetime.date(2018, 1, 1))
    above_later = CaseFactory(appeal_of=later)

    _, root = svg(client, above_later.slug)  # from the top of one branch

    assert boxes(root) == [
        (first.slug, 0),
        (earlier.slug, 1),
        (later.slug, 1),
        (above_later.slug, 2),
    ]
    xs = [
        float(next(g.iter(f"{SVG}rect")).get("x"))
        for g in root.iter(f"{SVG}g")
        if g.get("data-case")
    ]
    assert xs[0] < xs[1] == xs[2] < xs[3]  # indented by depth


def test_a_box_lists_four_decisions_and_counts_the_rest(client, db):
    _first, second = build_chain(2)
    for day in range(1, 5):
        RulingFactory(case=second, date=datetime.date(2021, 5, day))

    _, root = svg(client, second.slug)
    lines = box_text(root, second.slug)

    assert sum("2019" in line for line in lines) == 2
    assert sum("May 2021" in line for line in lines) == 2
    assert "and 2 more decisions" in lines


def test_appeals_in_a_circle_end(client, db):
    first, second = build_chain(2)
    first.appeal_of = second
    first.save()

    _, root = svg(client, first.slug)
    assert sorted(slug for slug, _ in boxes(root)) == sorted([first.slug, second.slug])


def test_queries_do_not_grow_with_the_chain(client, settings):
    settings.RESPONSE_CACHE = "off"

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    short, long = build_chain(2), build_chain(5)
    for suffix in ("appeals.svg", ""):
        few, _ = queries(f"/cases/{short[-1].slug}/{suffix}")
        more, text = queries(f"/cases/{long[-1].slug}/{suffix}")
        assert all(f'data-case="{case.slug}"' in text for case in long)
        assert more == few


def test_a_case_alone_costs_no_query_for_its_chain(db):
    request = RequestFactory().get("/")
    alone = CaseFactory()
    _first, second = build_chain(2)
    lone, chained = (
        Case.objects.published()
        .with_details()
        .filter(pk__in=[alone.pk, second.pk])
        .order_by("pk")
    )

    with CaptureQueriesContext(connection) as captured:
        assert appeals.draw(lone, request) is None
    assert len(captured) == 0
    with CaptureQueriesContext(connection) as captured:
        assert appeals.draw(chained, request) is not None
    assert len(captured) == 2  # the cases walked to, their published rulings
