"""Search finds people and cases under any spelling, only among published records."""

import pytest
from django.core.management import call_command
from django.db.models.signals import post_init
from django.urls import reverse

from proceedings import search
from proceedings.models import CourtName, Party, PartyName, SearchEntry

from .factories import (
    CaseFactory,
    CourtFactory,
    CourtNameFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RulingFactory,
)

# --- Keys ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Храпунов", "khrapunov"),
        ("Қасым Қалмағамбетов", "qasym qalmaghambetov"),
        ("Ильяс", "ilyas"),
        ("Zürich", "zurich"),
        ("Lloyd-Jones", "lloyd jones"),
        ("  JSC   BTA\tBank ", "jsc bta bank"),
        ("[2018] UKSC 19", "2018 uksc 19"),
    ],
)
def test_fold_lowercases_strips_accents_and_transliterates(text, folded):
    assert search.fold(text) == folded


@pytest.mark.parametrize(
    "spellings",
    [
        ["Khrapunov", "Khrapounov", "Chrapunow", "Храпунов", "Khrapunoff", "Hrapunov"],
        ["Ablyazov", "Abliazov", "Аблязов", "Ablyasov" and "Abliazow"],
        ["Ilyas", "Iliyas", "Ilias", "Ильяс"],
        ["Leyla", "Leila", "Лейла"],
        ["Kalmagambetov", "Qalmaghambetov", "Калмагамбетов", "Қалмағамбетов"],
        ["Kasym", "Qasym", "Касым"],
        ["Yelena", "Elena", "Елена"],
        ["Zhanna", "Janna", "Djanna", "Жанна"],
        ["Viktor", "Victor", "Виктор"],
    ],
)
def test_transliteration_variants_meet_under_one_skeleton(spellings):
    assert len({search.skeleton(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1:15-cv-05345 (AJN) (KHP)", "1 15 cv 5345 ajn khp"),
        ("15-cv-5345", "15 cv 5345"),
        ("15cv5345", "15 cv 5345"),
        ("UKSC 2017/0043", "uksc 2017 43"),
        ("[2018] UKSC 19", "2018 uksc 19"),
    ],
)
def test_identifier_key_ignores_punctuation_and_leading_zeros(text, key):
    assert search.ident(text) == key


# --- The demo data: query -> expected top result ---------------------------------

TOP_RESULTS = [
    # display name, other names, other scripts
    ("Viktor Khrapunov", "party", "viktor-khrapunov"),
    ("viktor khrapunov", "party", "viktor-khrapunov"),
    ("Victor Khrapounov", "party", "viktor-khrapunov"),
    ("Виктор Храпунов", "party", "viktor-khrapunov"),
    ("Храпунов", "party", "viktor-khrapunov"),
    # transliteration variants nobody entered
    ("Khrapunov", "party", "viktor-khrapunov"),
    ("Khrapounov", "party", "viktor-khrapunov"),
    ("Chrapunow", "party", "viktor-khrapunov"),
    ("Khrapunoff", "party", "viktor-khrapunov"),
    ("Viktor Chrapunow", "party", "viktor-khrapunov"),
    # partial names, word order, typos
    ("Khrapun", "party", "viktor-khrapunov"),
    ("Khrapunvo", "party", "viktor-khrapunov"),
    ("Khrapunov Viktor", "party", "viktor-khrapunov"),
    ("Ilyas Khrapunov", "party", "ilyas-khrapunov"),
    ("Khrapunov Ilyas", "party", "ilyas-khrapunov"),
    ("Iliyas Khrapunov", "party", "ilyas-khrapunov"),
    ("Ильяс Храпунов", "party", "ilyas-khrapunov"),
    ("Ilias Chrapunow", "party", "ilyas-khrapunov"),
    ("Ilyas Khrapunvo", "party", "ilyas-khrapunov"),
    ("Leila Khrapunova", "party", "leyla-khrapunova"),
    ("Лейла Храпунова", "party", "leyla-khrapunova"),
    ("Khrapunova", "party", "leyla-khrapunova"),
    ("Abliazov", "party", "mukhtar-ablyazov"),
    ("Аблязов", "party", "mukhtar-ablyazov"),
    ("Ablyazof", "party", "mukhtar-ablyazov"),
    ("Kasym Kalmagambetov", "party", "qasym-qalmaghambetov"),
    ("Касым Калмагамбетов", "party", "qasym-qalmaghambetov"),
    ("Qalmaghambetov", "party", "qasym-qalmaghambetov"),
    ("Ayar Ilyasov", "party", "aiyar-ilyasov"),
    ("Nicholas Burg", "party", "nicholas-bourg"),
    ("Katherine Parker", "party", "katharine-h-parker"),
    ("Sadykbaeva", "party", "ainakul-sadykbayeva"),
    ("Petelin", "party", "gennady-petelin"),
    ("BTA Bank", "party", "jsc-bta-bank"),
    # case numbers with or without punctuation, citations, summary words
    ("1:15-cv-05345", "case", "city-of-almaty-v-ablyazov"),
    ("15-cv-5345", "case", "city-of-almaty-v-ablyazov"),
    ("15cv5345", "case", "city-of-almaty-v-ablyazov"),
    ("1:15-cv-05345 (AJN) (KHP)", "case", "city-of-almaty-v-ablyazov"),
    ("UKSC 2017/0043", "case", "jsc-bta-bank-v-khrapunov-uksc"),
    ("Trump SoHo", "case", "city-of-almaty-v-ablyazov"),
    ("Lugano Convention", "case", "jsc-bta-bank-v-khrapunov-uksc"),
    ("[2018] UKSC 19", "ruling", "[2018] UKSC 19"),
    ("2018 UKSC 19", "ruling", "[2018] UKSC 19"),
    ("[2017] EWCA Civ 40", "ruling", "[2017] EWCA Civ 40"),
    # courts by name and short name
    (
        "SDNY",
        "court",
        "united-states-district-court-for-the-southern-district-of-new-york",
    ),
    ("UKSC", "court", "supreme-court-of-the-united-kingdom"),
    ("Federal Office of Justice", "court", "federal-office-of-justice"),
    (
        "Swiss Federal Administrative Court",
        "court",
        "swiss-federal-administrative-court",
    ),
]


def key(hit):
    return hit.type, getattr(hit.object, "slug", None) or str(hit.object)


@pytest.mark.parametrize(("query", "kind", "expected"), TOP_RESULTS)
def test_demo_search_puts_the_expected_record_first(demo_data, query, kind, expected):
    hits = search.search(query).hits

    assert hits, f"nothing found for {query!r}"
    assert key(hits[0]) == (kind, expected), [key(h) for h in hits[:5]]


@pytest.mark.parametrize(
    ("query", "kind"),
    [("Khrapunov", "case"), ("Khrapunov", "court"), ("Almaty", "ruling")],
)
def test_type_limits_the_results(demo_data, query, kind):
    hits = search.search(query, types=[kind]).hits

    assert {hit.type for hit in hits} <= {kind}


def test_ranking_exact_name_before_other_name_before_key_before_fuzzy(demo_data):
    matches = [hit.match for hit in search.search("Khrapunov Viktor").hits]

    assert matches == sorted(matches)
    assert search.search("Viktor Khrapunov").hits[0].match == search.MatchKind.EXACT
    assert (
        search.search("Victor Khrapounov").hits[0].match == search.MatchKind.EXACT_OTHER
    )
    assert search.search("Khrapunvo").hits[0].match == search.MatchKind.FUZZY


def test_ties_go_to_the_party_with_more_published_cases(demo_data):
    parties = [h for h in search.search("Khrapunov").hits if h.type == "party"]

    assert [h.object.slug for h in parties[:3]] == [
        "viktor-khrapunov",
        "ilyas-khrapunov",
        "leyla-khrapunova",
    ]
    assert parties[0].popularity > parties[1].popularity > parties[2].popularity


def test_hit_reports_the_text_that_matched(demo_data):
    hit = search.search("Nicholas Burg").hits[0]

    assert (hit.field, hit.text) == ("other_name", "Nicholas Burg")


# --- Only published records ------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["Madina", "Madina Khrapunova", "Daniel Khrapunov", "Elvira", "Galina", "Elena"],
)
def test_unpublished_relatives_are_never_found(demo_data, query):
    hits = search.search(query).hits

    assert all(hit.object.is_published for hit in hits if hit.type == "party")
    private = set(Party.objects.filter(is_published=False))
    assert not private & {hit.object for hit in hits}


def test_unpublished_party_is_not_found_or_counted_until_published(db):
    party = PartyFactory(name="Zhanybek Private", is_published=False)
    PartyNameFactory(party=party, name="Жаныбек")

    assert search.search("Zhanybek").count == 0
    assert search.search("Жаныбек").count == 0

    party.is_published = True
    party.save()

    assert [h.object for h in search.search("Жаныбек").hits] == [party]


def test_unpublished_case_and_its_rulings_are_not_found(db):
    ruling = RulingFactory(
        citation="[2030] UKSC 1",
        case__title="Hidden v Hidden",
        case__is_published=False,
    )

    assert search.search("2030 UKSC 1").count == 0
    assert search.search("Hidden").count == 0
    assert ruling.pk


# --- Keys follow every save ------------------------------------------------------


def test_renaming_a_party_moves_its_keys(db):
    party = PartyFactory(name="Gulnara Karimova")

    party.name = "Gulnara Tillyaeva"
    party.save()

    assert [h.text for h in search.search("Tillyaeva").hits] == ["Gulnara Tillyaeva"]
    assert search.search("Karimova").count == 0


def test_adding_and_deleting_an_other_name_updates_the_keys(db):
    party = PartyFactory(name="Mukhtar Example")
    other = PartyNameFactory(party=party, name="Мухтар Пример")

    assert [h.object for h in search.search("Пример").hits] == [party]

    other.delete()

    assert search.search("Пример").count == 0


def test_a_case_is_found_by_its_published_rulings_citation(db):
    case = CaseFactory(title="Example Bank v Example")
    ruling = RulingFactory(
        case=case, citation="[2031] EWHC 7 (Comm)", is_published=False
    )

    assert [h.type for h in search.search("2031 EWHC 7").hits] == []

    ruling.is_published = True
    ruling.save()

    assert {h.type for h in search.search("2031 EWHC 7").hits} == {"ruling", "case"}


def test_rebuild_command_recomputes_the_same_keys(demo_data):
    def snapshot():
        return sorted(
            SearchEntry.objects.values_list(
                "kind", "field", "folded", "skeleton", "ident"
            )
        )

    before = snapshot()
    SearchEntry.objects.all().delete()
    assert search.search("Khrapunov").count == 0

    call_command("rebuild_search_index", verbosity=0)

    assert snapshot() == before
    assert search.search("Khrapunov").hits[0].object.slug == "viktor-khrapunov"


def test_demo_load_indexes_every_other_name(demo_data):
    indexed = set(
        SearchEntry.objects.filter(field="other_name").values_list("text", flat=True)
    )

    assert indexed == set(PartyName.objects.values_list("name", flat=True)) | set(
        CourtName.objects.values_list("name", flat=True)
    )


def test_a_courts_other_name_is_indexed_when_added_and_forgotten_when_deleted(db):
    court = CourtFactory(name="Swiss Federal Administrative Court", country="CH")
    name = CourtNameFactory(court=court, name="Bundesverwaltungsgericht")

    hits = search.search("bundesverwaltungsgericht", types=["court"]).hits
    assert [(h.object, h.match) for h in hits] == [
        (court, search.MatchKind.EXACT_OTHER)
    ]

    name.delete()

    assert search.search("bundesverwaltungsgericht", types=["court"]).count == 0


def test_search_query_count_does_not_grow_with_matches(
    db, django_assert_max_num_queries
):
    for n in range(30):
        PartyFactory(name=f"Serikbol Nurlanov {n}")

    with django_assert_max_num_queries(12):
        hits = search.search("Nurlanov").hits

    assert len(hits) == 30


def test_ranking_loads_only_the_records_a_page_shows(client, db):
    """Candidates are ranked on plain rows; a page of five loads five parties,
    whatever the number of matches."""
    for n in range(30):
        PartyFactory(name=f"Serikbol Nurlanov {n}")
    made = []

    def count(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(count, sender=Party)
    try:
        results = search.search("Nurlanov")
        ranked = [hit.label for hit in results.hits.plain]
        assert made == []
        page = results.hits[5:10]
        assert len(made) == 5
        response = client.get("/api/v1/search/", {"q": "Nurlanov", "page_size": 5})
    finally:
        post_init.disconnect(count, sender=Party)

    assert [hit.object.name for hit in page] == ranked[5:10]
    assert response.status_code == 200
    assert len(made) == 10
    assert [r["name"] for r in response.json()["results"]] == ranked[:5]


@pytest.mark.parametrize("mode", ["counts", "on"])
def test_ties_follow_published_cases_from_the_next_request_on(
    client, db, settings, mode
):
    """Namesakes are ranked by their number of published cases: a new case
    counts from the next request on, an unpublished one never."""
    settings.RESPONSE_CACHE = mode
    first = PartyFactory(name="Serikbol Nurlanov", slug="first")
    second = PartyFactory(name="Serikbol Nurlanov", slug="second")
    ParticipationFactory(party=first)

    def order():
        answer = client.get("/api/v1/search/", {"q": "Serikbol Nurlanov"}).json()
        return [hit["slug"] for hit in answer["results"]]

    assert order() == ["first", "second"]
    ParticipationFactory(party=second, case=CaseFactory(is_published=False))
    ParticipationFactory(party=second, case=CaseFactory(is_published=False))
    assert order() == ["first", "second"]
    ParticipationFactory(party=second)
    ParticipationFactory(party=second)
    assert order() == ["second", "first"]


# --- Bad queries -----------------------------------------------------------------

BAD_QUERIES = [
    ("", "Enter something"),
    ("   ", "Enter something"),
    ("x" * 5000, "too long"),
    ("Khrapunov\x00", "control"),
    ("Khra\x1bpunov", "control"),
    ("!!! ???", "no letters"),
    (" ".join(["word"] * 13), "too many words"),
]


@pytest.mark.parametrize(("query", "reason"), BAD_QUERIES)
def test_bad_query_is_refused_with_a_reason(db, query, reason):
    with pytest.raises(search.SearchQueryError, match=reason):
        search.search(query)


@pytest.mark.parametrize(("query", "reason"), BAD_QUERIES)
def test_api_answers_a_bad_query_with_400_naming_q(client, db, query, reason):
    response = client.get(reverse("api:search"), {"q": query})

    assert response.status_code == 400
    assert reason.lower() in response.json()["q"][0].lower()


@pytest.mark.parametrize(("query", "reason"), BAD_QUERIES)
def test_page_answers_a_bad_query_with_400_and_a_message(client, db, query, reason):
    response = client.get(reverse("proceedings:search"), {"q": query})

    assert response.status_code == 400
    assert reason.lower() in response.text.lower()


def test_api_requires_q(client, db):
    response = client.get(reverse("api:search"))

    assert response.status_code == 400
    assert "q" in response.json()


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"q": "x", "colour": "red"}, "colour"),
        ({"q": "x", "type": "person"}, "type"),
        ({"q": "x", "page_size": "101"}, "page_size"),
        ({"q": "x", "page_size": "ten"}, "page_size"),
        ({"q": "x", "page": "0"}, "page"),
    ],
)
def test_api_names_the_bad_parameter(client, db, params, name):
    response = client.get(reverse("api:search"), params)

    assert response.status_code == 400
    assert name in response.json()


def test_api_page_past_the_end_is_404(client, demo_data):
    response = client.get(reverse("api:search"), {"q": "Khrapunov", "page": 99})

    assert response.status_code == 404


# --- API and pages give the same ranking ----------------------------------------


@pytest.mark.parametrize(
    "query", ["Khrapunov", "Храпунов", "Almaty", "15cv5345", "UKSC"]
)
def test_api_and_page_rank_the_same(client, demo_data, query):
    api = client.get(reverse("api:search"), {"q": query, "page_size": 100}).json()
    page = client.get(reverse("proceedings:search"), {"q": query})

    from_api = [(r["type"], r["id"]) for r in api["results"]]
    from_page = [(h.type, h.object.pk) for h in page.context["page"].object_list]
    assert api["count"] == page.context["results"].count
    assert from_api[: len(from_page)] == from_page
    assert page.context["results"].hits[0].label in page.text


def test_api_result_carries_ids_links_and_the_match(client, demo_data):
    response = client.get(reverse("api:search"), {"q": "Храпунов", "type": "party"})
    first = response.json()["results"][0]

    assert first["type"] == "party"
    assert first["slug"] == "viktor-khrapunov"
    assert first["web_url"].endswith("/parties/viktor-khrapunov/")
    assert first["match"] == "key match"
    assert first["matched_text"] == "Виктор Вячеславович Храпунов"


def test_api_pages_through_results(client, demo_data):
    first = client.get(reverse("api:search"), {"q": "Khrapunov", "page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == 2
    assert second["previous"] is not None
    assert not {r["id"] for r in first["results"]} & {
        r["id"] for r in second["results"]
    }


def test_empty_search_page_shows_the_form(client, db):
    response = client.get(reverse("proceedings:search"))

    assert response.status_code == 200
    assert 'name="q"' in response.text


def test_rebuild_reads_in_batches_not_per_record(db, django_assert_max_num_queries):
    for n in range(25):
        party = PartyFactory(name=f"Aidos Bekov {n}")
        PartyNameFactory(party=party, name=f"Айдос Беков {n}")
        RulingFactory(case__title=f"Case {n}", citation=f"[2020] EWHC {n}")

    with django_assert_max_num_queries(20):
        total = search.rebuild()

    assert total == SearchEntry.objects.count() > 100
