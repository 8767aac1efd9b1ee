"""The search page says why each result matched, gives its key facts, and offers
a close published name when a query finds nothing or only fuzzy matches."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proceedings import search

from .factories import (
    CaseFactory,
    CourtFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RulingFactory,
)

pytestmark = pytest.mark.django_db


def page(client, q, **params):
    response = client.get(reverse("proceedings:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.text


# --- Highlighting -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "q", "marked"),
    [
        ("Leyla Khrapunova", "Khrapunov", "Leyla <mark>Khrapunova</mark>"),
        ("Viktor Khrapunov", "Khrapun", "Viktor <mark>Khrapunov</mark>"),
        # across scripts: the query folded and transliterated like the keys
        ("Виктор Храпунов", "Khrapunov", "Виктор <mark>Храпунов</mark>"),
        ("Viktor Khrapunov", "Храпунов", "Viktor <mark>Khrapunov</mark>"),
        # transliteration variants meet under the skeleton; small typos
        ("Viktor Khrapunov", "Chrapunow", "Viktor <mark>Khrapunov</mark>"),
        ("Viktor Khrapunov", "Khrapunvo", "Viktor <mark>Khrapunov</mark>"),
        ("Zürich District Court", "zurich", "<mark>Zürich</mark> District Court"),
        ("Viktor Khrapunov", "khrapunov viktor", "<mark>Viktor Khrapunov</mark>"),
        # a case number by its runs, whatever the punctuation
        (
            "1:15-cv-05345 (AJN)",
            "15cv5345",
            "1:<mark>15-cv-05345</mark> (AJN)",
        ),
        # a one-letter word marks only itself
        ("Bank v Viktor", "v", "Bank <mark>v</mark> Viktor"),
    ],
)
def test_highlight_marks_the_words_the_query_matches(text, q, marked):
    assert search.highlight(text, q) == marked


def test_highlight_cuts_a_long_text_to_a_passage_around_the_match():
    text = " ".join(["Lorem ipsum dolor sit amet."] * 20 + ["Almaty"] * 1 + ["x"] * 60)

    marked = search.highlight(text, "Almaty")

    assert "<mark>Almaty</mark>" in marked
    assert marked.startswith("…") and marked.endswith("…")
    assert len(marked) < len(text)


def test_a_party_found_by_its_cyrillic_other_name_is_shown_as_also_known_as(client):
    party = PartyFactory(name="Yerlan Sadykov")
    PartyNameFactory(party=party, name="Ерлан Садыков")

    html = page(client, "Садыков")

    assert "Yerlan Sadykov</a>" in html
    assert "also known as “Ерлан <mark>Садыков</mark>”" in html


def test_a_latin_query_marks_the_word_of_a_cyrillic_name(client):
    PartyFactory(name="Ерлан Садыков")

    html = page(client, "Sadykov")

    assert "matched “<mark>Садыков</mark>”" in html


def test_a_case_found_by_its_number_marks_the_number(client):
    CaseFactory(title="Bank v Someone", number="1:15-cv-05345 (AJN) (KHP)")

    html = page(client, "15cv5345")

    assert "case number 1:<mark>15-cv-05345</mark> (AJN) (KHP)" in html


# --- Escaping ---------------------------------------------------------------------


def test_a_name_with_markup_is_shown_escaped_and_still_marked(client):
    PartyFactory(name="<script>alert(1)</script> Bolat Nurlanov")

    html = page(client, "Nurlanov")

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bolat Nurlanov</a>" in html
    assert "<mark>Nurlanov</mark>" in html
    marked = search.highlight("<b>Nurlanov</b> & co", "Nurlanov")
    assert marked == "&lt;b&gt;<mark>Nurlanov</mark>&lt;/b&gt; &amp; co"


def test_a_query_with_markup_cannot_inject_markup(client):
    PartyFactory(name="Bolat Nurlanov")

    found = page(client, "<b>Nurlanov</b>")
    suggested = page(client, "Nurlanof", extra='"><script>alert(1)</script>')

    assert "<b>" not in found and "&lt;b&gt;Nurlanov&lt;/b&gt;" in found
    assert "<mark>Nurlanov</mark>" in found
    assert "<script>alert" not in suggested
    assert "%3Cscript%3E" in suggested and "Did you mean" in suggested


# --- Key facts --------------------------------------------------------------------


def test_a_party_shows_its_country_and_published_proceedings_only(client):
    party = PartyFactory(name="Bolat Nurlanov", country="KZ")
    ParticipationFactory(party=party)
    ParticipationFactory(party=party)
    ParticipationFactory(party=party, case=CaseFactory(is_published=False))

    html = page(client, "Nurlanov")

    assert "Kazakhstan · 2 proceedings" in html


def test_a_case_shows_its_court_status_and_country(client):
    court = CourtFactory(name="Medeu District Court", country="KZ")
    CaseFactory(title="State v Nurlanov", court=court, status="decided")
    CaseFactory(title="Nurlanov asylum", court=None, country="CH", status="pending")

    html = page(client, "Nurlanov", type="case")

    assert "Medeu District Court · decided · Kazakhstan" in html
    assert "court not known · pending · Switzerland" in html


def test_a_court_shows_its_country_and_published_cases_only(client):
    court = CourtFactory(name="Nurlanov District Court", country="KZ")
    CaseFactory(court=court)
    CaseFactory(court=court, is_published=False)

    html = page(client, "Nurlanov", type="court")

    assert "Kazakhstan · 1 published case" in html


def test_a_ruling_shows_its_date_and_case(client):
    RulingFactory(
        title="Nurlanov judgment",
        case__title="Bank v Bank",
        date=datetime.date(2018, 10, 8),
    )

    html = page(client, "Nurlanov", type="ruling")

    assert '<time datetime="2018-10-08">' in html
    assert "in Bank v Bank" in html


def make(batch, key, fuzzy):
    """Per kind of record, ``key`` that a search for "Nurlanov" finds by key and
    ``fuzzy`` only as a small typo ("Nurlanvo")."""
    shared_case = CaseFactory(title="Bank v Bank")
    for spelling, number in [("Nurlanov", key), ("Nurlanvo", fuzzy)]:
        for n in range(number):
            tag = f"{batch}{n}"
            party = PartyFactory(name=f"{spelling} Bolat {tag}", country="KZ")
            ParticipationFactory(party=party)
            court = CourtFactory(name=f"{spelling} Court {tag}", country="KZ")
            CaseFactory(title=f"State v {spelling} {tag}", court=court)
            RulingFactory(case=shared_case, title=f"{spelling} judgment {tag}")


def test_the_facts_add_no_query_per_result(client, django_assert_num_queries):
    make("a", key=1, fuzzy=1)
    with CaptureQueriesContext(connection) as few:
        html = page(client, "Nurlanov")
    assert "8 results" in html

    make("b", key=3, fuzzy=5)  # 40 results (16 by key), 20 on the page
    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client, "Nurlanov")

    assert "40 results" in html
    assert html.count("Kazakhstan · 1 proceeding") >= 3
    assert html.count("Kazakhstan · 1 published case") >= 3
    assert html.count(" · pending · Kazakhstan") >= 3
    assert html.count("in Bank v Bank") >= 3


# --- Did you mean -----------------------------------------------------------------


@pytest.mark.parametrize("typo", ["Nurlanof", "Nurlnov", "Nurlanvo"])
def test_a_typo_offers_the_close_name(client, typo):
    PartyFactory(name="Serikbol Nurlanov")
    assert all(h.match == search.MatchKind.FUZZY for h in search.search(typo).hits)

    html = page(client, typo)

    assert 'Did you mean <a href="/search/?q=Nurlanov">Nurlanov</a>?' in html


def test_a_query_that_finds_nothing_offers_a_close_name(client):
    PartyFactory(name="Serikbol Nurlanov")
    assert search.search("Nirlanpv").count == 0

    html = page(client, "Nirlanpv")

    assert "Nothing found" in html
    assert 'Did you mean <a href="/search/?q=Nurlanov">Nurlanov</a>?' in html


def test_the_suggestion_keeps_the_types_and_the_query_scripts(client):
    party = PartyFactory(name="Serikbol Nurlanov")
    PartyNameFactory(party=party, name="Серикбол Нурланов")

    html = page(client, "Нурланоф", type="party")

    assert "Did you mean <a" in html
    assert "?q=%D0%9D%D1%83%D1%80%D0%BB%D0%B0%D0%BD%D0%BE%D0%B2&amp;type=party" in html
    assert ">Нурланов</a>?" in html


def test_no_suggestion_when_the_query_finds_a_name_as_typed(client):
    PartyFactory(name="Serikbol Nurlanov")
    PartyFactory(name="Serikbol Nurlanof")

    assert "Did you mean" in page(client, "Nurlnaov")
    assert "Did you mean" not in page(client, "Nurlanov")
    assert "Did you mean" not in page(client, "Serikbol Nurlanof")
    assert "Did you mean" not in page(client, "Serik")


def test_no_suggestion_when_no_name_is_close(client):
    PartyFactory(name="Serikbol Nurlanov")

    assert "Did you mean" in page(client, "Nirlanpv")
    assert "Did you mean" not in page(client, "Ablyazov")
    assert "Did you mean" not in page(client, "Nirlanpv Ablyazov")


def test_an_unpublished_name_is_never_suggested(client):
    PartyFactory(name="Galina Privatova", is_published=False)
    PartyFactory(name="Galina Privalova")

    html = page(client, "Privatovaa")
    assert "Privatova" not in html.replace("Privatovaa", "")
    assert 'Did you mean <a href="/search/?q=Privalova">Privalova</a>?' in html

    PartyFactory(name="Serikbol Nurlanov", is_published=False)
    assert search.search("Nirlanpv").count == 0
    assert "Did you mean" not in page(client, "Nirlanpv")


def test_the_editors_search_suggests_nothing(db):
    PartyFactory(name="Serikbol Nurlanov", is_published=False)

    results = search.search("Nirlanpv", include_unpublished=True)

    assert search.did_you_mean(results) is None
