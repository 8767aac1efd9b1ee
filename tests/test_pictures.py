"""The pictures of a party: its proceedings on one time axis and its relationship
map, on its page and at their own addresses (issue 16)."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from proceedings.fields import DatePrecision
from proceedings.models import Party
from proceedings.pictures import network

from .factories import (
    CaseFactory,
    CourtFactory,
    ParticipationFactory,
    PartyFactory,
    RelationshipFactory,
    RulingFactory,
    SanctionFactory,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def svg(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


def groups(root, class_):
    return [g for g in root.iter() if g.get("class") == class_]


def texts(node):
    return " ".join(t.text or "" for t in node.iter(f"{SVG}text"))


def titles(node):
    return [t.text for t in node.iter(f"{SVG}title")]


# --- The timeline -----------------------------------------------------------------


def test_timeline_puts_each_proceeding_in_its_country_lane_in_date_order(client, world):
    root = svg(client, "/parties/viktor/timeline.svg")
    lanes = groups(root, "lane")

    # CH opened March 2014, US July 2015, KZ 2018: lanes in order of first date
    assert [lane.get("data-country") for lane in lanes] == ["CH", "US", "KZ"]
    assert [
        [row.get("data-case") for row in groups(lane, "proceeding")] for lane in lanes
    ] == [["extradition"], ["civil"], ["criminal"]]
    starts = [
        float(next(g for g in groups(lane, "bar")).find(f"{SVG}rect").get("x"))
        for lane in lanes
    ]
    assert starts == sorted(starts) and len(set(starts)) == 3
    assert "Switzerland" in texts(root) and "Kazakhstan" in texts(root)


def test_a_proceeding_with_no_known_date_is_listed_not_drawn(client, world):
    undated = CaseFactory(
        court=world["fou"],
        slug="undated",
        title="Undated asylum case",
        opened=None,
        opened_precision="",
    )
    ParticipationFactory(case=undated, party=world["viktor"], role="applicant")
    RulingFactory(case=undated, date=None, date_precision="", title="Undated ruling")

    root = svg(client, "/parties/viktor/timeline.svg")

    drawn = [row.get("data-case") for row in groups(root, "proceeding")]
    assert "undated" not in drawn
    (listed,) = groups(root, "undated")
    assert [a.get("data-case") for a in listed.iter(f"{SVG}a")] == ["undated"]
    assert "Undated asylum case" in texts(listed)
    # no ruling mark at a made-up date
    assert not any("Undated ruling" in t for t in titles(root))


def test_dates_known_only_to_the_year_are_hatched_across_the_whole_year(client, world):
    root = svg(client, "/parties/viktor/timeline.svg")
    years = {
        int(t.text): float(t.get("x")) - 3
        for t in groups(root, "axis")[0].iter(f"{SVG}text")
        if (t.text or "").isdigit()
    }
    (criminal,) = [
        r for r in groups(root, "proceeding") if r.get("data-case") == "criminal"
    ]
    (band,) = groups(criminal, "imprecise")  # opened "2018"

    assert float(band.get("x")) == pytest.approx(years[2018], abs=0.2)
    assert float(band.get("x")) + float(band.get("width")) == pytest.approx(
        years[2019], abs=0.2
    )
    # the extradition refusal is dated "2014": bracketed, titled with the year only
    (refusal,) = [a for a in groups(root, "ruling") if a.get("data-date") == "2014"]
    assert "Refusal, 2014: denied" in titles(refusal)
    assert len(list(refusal.iter(f"{SVG}line"))) == 3  # two ends and the span


def test_pending_runs_on_an_arrow_and_an_unknown_end_is_dotted(client, world):
    root = svg(client, "/parties/viktor/timeline.svg")
    rows = {r.get("data-case"): r for r in groups(root, "proceeding")}

    assert groups(rows["civil"], "pending") and not groups(rows["civil"], "unknown-end")
    # decided, no closing date: the bar ends at its last ruling, then dots
    assert groups(rows["criminal"], "unknown-end")
    assert not groups(rows["criminal"], "pending")


def test_unknown_opening_is_dotted_not_dated(client, world):
    case = CaseFactory(
        court=world["kz"],
        slug="late",
        opened=None,
        opened_precision="",
        status="decided",
    )
    ParticipationFactory(case=case, party=world["viktor"])
    RulingFactory(case=case, date=datetime.date(2019, 5, 1))

    root = svg(client, "/parties/viktor/timeline.svg")
    (row,) = [r for r in groups(root, "proceeding") if r.get("data-case") == "late"]

    assert groups(row, "unknown-start")
    assert groups(row, "bar")[0].get("data-start") == "2019-05-01"


def test_rulings_link_to_themselves_and_sanctions_show_where_they_stand(client, world):
    SanctionFactory(
        ruling=world["order"], party=world["viktor"], kind="fine", status="vacated"
    )
    root = svg(client, "/parties/viktor/timeline.svg")

    marks = {a.get("href") for a in groups(root, "ruling")}
    assert world["verdict"].get_absolute_url() in marks
    assert world["order"].get_absolute_url() in marks
    sanctions = {a.get("data-status"): a for a in groups(root, "sanction")}
    assert set(sanctions) == {"unenforced", "vacated"}
    # not by colour alone: hatched, or struck through
    assert sanctions["unenforced"].find(f"{SVG}rect").get("fill").startswith("url(#")
    assert sanctions["vacated"].find(f"{SVG}line") is not None
    assert "unenforced" in titles(sanctions["unenforced"])[0]


def test_an_appeal_is_connected_to_the_case_it_came_from(client, world):
    lower = CaseFactory(
        court=world["kz"],
        slug="lower",
        opened=datetime.date(2016, 1, 1),
        opened_precision=DatePrecision.YEAR,
    )
    upper = CaseFactory(
        court=CourtFactory(country="KZ"),
        slug="upper",
        opened=datetime.date(2019, 1, 1),
        appeal_of=lower,
    )
    for case in (lower, upper):
        ParticipationFactory(case=case, party=world["viktor"])

    root = svg(client, "/parties/viktor/timeline.svg")

    (connector,) = groups(root, "appeal")
    assert (connector.get("data-from"), connector.get("data-to")) == (
        str(lower.pk),
        str(upper.pk),
    )
    kz = [lane for lane in groups(root, "lane") if lane.get("data-country") == "KZ"]
    order = [row.get("data-case") for row in groups(kz[0], "proceeding")]
    assert order.index("upper") == order.index("lower") + 1  # right below it


# --- The relationship map ------------------------------------------------------------


def map_parties(root):
    return {a.get("data-party"): a.get("data-step") for a in groups(root, "party")}


def test_map_holds_exactly_the_published_parties_within_two_steps(
    client, world, secrets
):
    viktor, ilyas = world["viktor"], world["ilyas"]
    wife = PartyFactory(slug="wife", name="Wife Test", gender="female")
    RelationshipFactory(subject=ilyas, object=wife, kind="spouse")
    beyond = PartyFactory(slug="three-steps")
    RelationshipFactory(subject=wife, object=beyond, kind="sibling")
    associate = PartyFactory(slug="associate")
    RelationshipFactory(subject=viktor, object=associate, kind="associate")
    # a published party whose only link is through an unpublished party
    behind = PartyFactory(slug="behind-private")
    RelationshipFactory(subject=secrets["private"], object=behind, kind="sibling")
    # a co-defendant in a published case, one in an unpublished case
    co = PartyFactory(slug="co-defendant")
    ParticipationFactory(case=world["criminal"], party=co, role="defendant")
    ParticipationFactory(
        case=secrets["draft"], party=PartyFactory(slug="draft-co"), role="defendant"
    )
    # a witness is not on a side
    ParticipationFactory(
        case=world["criminal"], party=PartyFactory(slug="witness"), role="witness"
    )

    root = svg(client, "/parties/viktor/network.svg")

    assert map_parties(root) == {
        "viktor": "0",
        "ilyas": "1",
        "bank": "1",
        "associate": "1",
        "co-defendant": "1",
        "wife": "2",
    }
    assert "SECRET" not in ET.tostring(root, encoding="unicode")


def test_each_box_reads_its_link_from_its_own_side(client, world):
    wife = PartyFactory(slug="wife", name="Wife Test", gender="female")
    RelationshipFactory(subject=world["ilyas"], object=wife, kind="spouse")
    root = svg(client, "/parties/viktor/network.svg")
    boxes = {a.get("data-party"): a for a in groups(root, "party")}

    assert "son of" in texts(boxes["ilyas"])
    assert "co-defendant in Bank v Ilyas" in titles(boxes["ilyas"])[0]
    assert "owned by" in texts(boxes["bank"])
    assert "wife of" in texts(boxes["wife"])
    assert boxes["wife"].get("href") == "/parties/wife/"


def test_the_same_data_gives_the_same_picture(client, world):
    for _ in range(6):
        RelationshipFactory(
            subject=world["viktor"],
            object=PartyFactory(name="Same name"),
            kind="associate",
        )
    first = client.get("/parties/viktor/network.svg").content
    from django.core.cache import caches

    caches["responses"].clear()
    assert client.get("/parties/viktor/network.svg").content == first


def test_past_the_limit_the_nearest_are_shown_and_the_rest_counted(world):
    viktor = world["viktor"]
    near = [PartyFactory(name=f"Near {n}") for n in range(5)]
    for party in near:
        RelationshipFactory(subject=viktor, object=party, kind="associate")
        RelationshipFactory(
            subject=party, object=PartyFactory(name="Far"), kind="associate"
        )
    party = Party.objects.get(pk=viktor.pk)

    graph = network.build(party, limit=6)

    assert [node.step for node in graph.nodes] == [1, 1, 1, 1, 1]
    # 7 one step away (ilyas, bank, 5 near), 5 two steps: 5 shown, 7 counted
    assert graph.hidden == 12 - 5
    shown = {node.party.name for node in graph.nodes}
    assert "Far" not in shown


def test_past_the_limit_the_map_says_how_many_more(client, world, monkeypatch):
    monkeypatch.setattr(network, "MAX_NODES", 2)
    root = svg(client, "/parties/viktor/network.svg")

    assert len(groups(root, "party")) == 2
    assert "and 1 more party within two steps" in texts(root)


def test_a_party_with_no_links_has_no_map(client, world):
    loner = PartyFactory(slug="loner")
    case = CaseFactory(court=world["kz"])
    ParticipationFactory(case=case, party=loner, role="witness")

    assert client.get("/parties/loner/network.svg").status_code == 404
    page = client.get("/parties/loner/").text
    assert "network.svg" not in page and "timeline.svg" in page


# --- On the pages, and at their own addresses ---------------------------------------


def test_the_party_page_shows_both_pictures_with_their_text_and_embed_snippets(
    client, world
):
    html = client.get("/parties/viktor/").text

    assert html.count("<svg") == 2
    assert 'id="timeline-title"' in html and 'id="network-title"' in html
    assert 'href="#proceedings"' in html and 'href="#relationships"' in html
    assert (
        "&lt;img src=&quot;http://testserver/parties/viktor/timeline.svg&quot;" in html
    )
    assert "http://testserver/parties/viktor/network.svg" in html


@pytest.mark.parametrize("name", ["timeline", "network"])
def test_standalone_picture_has_its_title_source_line_and_address(client, world, name):
    response = client.get(f"/parties/viktor/{name}.svg")
    root = ET.fromstring(response.content)

    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert root.find(f"{SVG}title").text.startswith("Viktor Test: ")
    assert root.find(f"{SVG}desc").text
    assert root.get("viewBox").startswith("0 0 920 ")
    assert "Source: casetracker, http://testserver/parties/viktor/" in texts(root)
    assert "style" not in ET.tostring(root, encoding="unicode")  # CSP: no inline style


@pytest.mark.parametrize("name", ["timeline", "network"])
def test_pictures_of_unknown_or_unpublished_parties_are_404(client, secrets, name):
    assert client.get(f"/parties/secret-relative/{name}.svg").status_code == 404
    assert client.get(f"/parties/nobody/{name}.svg").status_code == 404


def test_names_are_escaped_in_the_svg(client, world):
    world["ilyas"].name = "<script>alert(1)</script> & Co"
    world["ilyas"].save()

    response = client.get("/parties/viktor/network.svg")
    root = ET.fromstring(response.content)  # still well-formed

    assert b"<script>" not in response.content
    assert "<script>alert(1)</script> & Co" in texts(root)


def test_demo_pictures_cover_four_countries_and_the_uk_appeal_chain(client, demo_data):
    viktor = svg(client, "/parties/viktor-khrapunov/timeline.svg")
    assert [g.get("data-country") for g in groups(viktor, "lane")] == ["CH", "US", "KZ"]
    ilyas = svg(client, "/parties/ilyas-khrapunov/timeline.svg")
    uk = next(g for g in groups(ilyas, "lane") if g.get("data-country") == "GB")
    assert [r.get("data-case") for r in groups(uk, "proceeding")] == [
        "jsc-bta-bank-v-khrapunov-high-court",
        "jsc-bta-bank-v-khrapunov-court-of-appeal",
        "jsc-bta-bank-v-khrapunov-uksc",
    ]
    assert len(groups(ilyas, "appeal")) == 2
    family = map_parties(svg(client, "/parties/viktor-khrapunov/network.svg"))
    assert family["ilyas-khrapunov"] == "1" and family["leyla-khrapunova"] == "1"
    assert family["viled-almaty-llp"] == "2"
    unpublished = set(
        Party.objects.filter(is_published=False).values_list("slug", flat=True)
    )
    assert unpublished and not unpublished & set(family)


def test_a_picture_is_cached_until_the_data_changes(client, world):
    path = "/parties/viktor/network.svg"
    first = client.get(path)
    again = client.get(path)
    world["ilyas"].name = "Ilyas Renamed"
    world["ilyas"].save()
    after = client.get(path)

    assert (first["X-Response-Cache"], again["X-Response-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert after["X-Response-Cache"] == "miss"
    assert b"Ilyas Renamed" in after.content


def test_past_the_limit_the_timeline_draws_the_most_recent(client, world, monkeypatch):
    from proceedings.pictures import timeline

    monkeypatch.setattr(timeline, "MAX_ROWS", 2)
    root = svg(client, "/parties/viktor/timeline.svg")

    # civil (pending, runs to today) and criminal (2018) are the most recent
    drawn = {row.get("data-case") for row in groups(root, "proceeding")}
    assert drawn == {"civil", "criminal"}
    (note,) = groups(root, "left-out")
    assert note.text == "and 1 more proceeding, in the list on the party's page"
