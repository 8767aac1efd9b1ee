"""The records' own text in the reader's language (issue 17): the editors'
Russian and Kazakh translations where they made them, the English original,
marked, where they did not; statements in their speaker's words beside the
translation; the API saying which texts fell back."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from proceedings.models import Case, Court, Party, Statement

from .accounts import log_in, staff_user
from .admin_helpers import form_data
from .factories import (
    CaseFactory,
    ChargeFactory,
    CourtFactory,
    PartyFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

VERDICT = "kazakhstan-v-viktor-khrapunov-and-others"


def marker(language, original="en"):
    from proceedings.translation import in_language

    with translation.override(language):
        return in_language(original)


def heading(response):
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S).group(1)


# --- Pages -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_kazakh_verdict_reads_in_the_editors_translation(
    client, demo_data, language
):
    case = Case.objects.get(slug=VERDICT)
    page = client.get(f"/{language}/cases/{VERDICT}/")

    assert heading(page) == getattr(case, f"title_{language}")
    assert getattr(case, f"summary_{language}") in page.text
    assert getattr(case.court, f"name_{language}") in page.text
    assert case.title_en not in page.text  # not even in the <title>
    # a translation is the editors': the page says so
    with translation.override(language):
        notice = translation.gettext(
            "The records are kept in English. Titles, summaries, notes and "
            "statements in this language are the editors' own translations; what "
            "they have not translated yet is shown in English and marked so. "
            "Sources are cited in their own language."
        )
    assert notice.startswith(("Записи", "Жазбалар"))
    assert f'<p class="editors-translation">{notice}</p>' in page.text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_an_untranslated_text_is_the_english_original_marked(client, language):
    case = CaseFactory(
        slug="untranslated",
        title="State v. Nobody",
        title_ru="Государство против Никого",
        title_kk="Мемлекет Ешкімге қарсы",
        summary="Only in English so far.",
    )
    page = client.get(f"/{language}/cases/{case.slug}/")

    assert heading(page) == getattr(case, f"title_{language}")
    assert (
        f'<span lang="en">Only in English so far.</span> '
        f'<span class="untranslated">{marker(language)}</span>'
    ) in page.text
    assert marker(language) not in heading(page)


def test_english_pages_never_carry_the_marker(client):
    case = CaseFactory(slug="english", summary="A summary.", summary_ru="Резюме.")
    page = client.get(f"/cases/{case.slug}/")

    assert "A summary." in page.text
    assert "Резюме." not in page.text
    assert 'class="untranslated"' not in page.text


def test_a_court_name_falls_back_too(client):
    court = CourtFactory(slug="translated", name="Almaty court", name_ru="Суд Алматы")
    CourtFactory(slug="untranslated", name="Geneva court")

    courts = client.get("/ru/courts/").text

    assert ">Суд Алматы</a>" in courts
    assert (
        '<span lang="en">Geneva court</span> '
        f'<span class="untranslated">{marker("ru")}</span>' in courts
    )
    with translation.override("en"):
        assert court.name == "Almaty court"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_statement_keeps_its_speakers_words_beside_the_translation(client, language):
    party = PartyFactory(slug="speaker")
    StatementFactory(
        party=party,
        text="The charges are politically motivated.",
        language="en",
        translation_ru="Обвинения политически мотивированы.",
        translation_kk="Айыптаулар саяси астарлы.",
    )
    page = client.get(f"/{language}/parties/speaker/").text

    assert '<span lang="en">The charges are politically motivated.</span>' in page
    assert marker(language) in page
    with translation.override(language):
        label = translation.gettext("Translated by the editors:")
    assert re.search(
        rf'<p class="translation" lang="{language}"><span class="label">{label}</span> '
        + re.escape(
            "Обвинения политически мотивированы."
            if language == "ru"
            else "Айыптаулар саяси астарлы."
        ),
        page,
    )


def test_a_statement_in_the_readers_language_needs_no_translation(client):
    party = PartyFactory(slug="speaker")
    StatementFactory(
        party=party,
        text="Обвинения политически мотивированы.",
        language="ru",
        translation_en="The charges are politically motivated.",
    )

    russian = client.get("/ru/parties/speaker/").text
    assert '<span lang="ru">Обвинения политически мотивированы.</span></p>' in russian
    assert 'class="translation"' not in russian
    assert "politically motivated" not in russian

    english = client.get("/parties/speaker/").text
    # the speaker's Russian first, said to be Russian, then the translation
    assert '<span lang="ru">Обвинения политически мотивированы.</span>' in english
    assert '<span class="untranslated">(in Russian)</span>' in english
    assert (
        '<p class="translation" lang="en"><span class="label">Translated by the '
        "editors:</span> The charges are politically motivated.</p>"
    ) in english


def test_a_page_in_russian_costs_the_queries_of_the_english_one(client, demo_data):
    counts = {}
    for prefix in ("", "/ru", "/kk"):
        for path in (f"/cases/{VERDICT}/", "/parties/viktor-khrapunov/", "/courts/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(prefix + path).status_code == 200
            counts[prefix, path] = len(queries)
    for (prefix, path), count in counts.items():
        assert count == counts["", path], (prefix, path)


def test_lists_and_filters_are_the_same_in_every_language(client, demo_data):
    """Queries read the English column: a list's order and counts do not
    depend on which records have a translation."""

    def titles(prefix):
        page = client.get(f"{prefix}/cases/?country=KZ").text
        return re.findall(r'<a href="[^"]*/cases/([\w-]+)/">', page)

    assert titles("") == titles("/ru") == titles("/kk")
    assert titles("")


def test_search_is_unchanged_by_the_page_language(client, demo_data):
    for prefix in ("", "/ru", "/kk"):
        page = client.get(f"{prefix}/search/?q=Храпунов").text
        assert "/parties/viktor-khrapunov/" in page, prefix


# --- The API ---------------------------------------------------------------------


def test_the_api_gives_text_in_the_asked_language_and_says_what_fell_back(
    client, demo_data
):
    case = Case.objects.get(slug=VERDICT)
    english = client.get(f"/api/v1/cases/{VERDICT}/").json()
    russian = client.get(f"/api/v1/cases/{VERDICT}/?lang=ru").json()
    kazakh = client.get(f"/api/v1/cases/{VERDICT}/", HTTP_ACCEPT_LANGUAGE="kk").json()

    assert english["title"] == case.title_en
    assert russian["title"] == case.title_ru
    assert kazakh["title"] == case.title_kk
    assert english["untranslated"] == russian["untranslated"] == {}
    assert russian["court"]["name"] == case.court.name_ru
    assert russian["court"]["untranslated"] == {}


def test_the_api_names_each_text_left_in_english(client):
    case = CaseFactory(
        slug="half",
        title="Half translated",
        title_ru="Наполовину переведено",
        summary="English only.",
        court=CourtFactory(name="Some court"),
    )
    ChargeFactory(case=case, offence="Fraud", offence_ru="Мошенничество", note="n")

    for path in ("/api/v1/cases/half/?lang=ru", "/api/v1/cases/?lang=ru"):
        answer = client.get(path).json()
        record = answer["results"][0] if "results" in answer else answer
        assert record["title"] == "Наполовину переведено"
        assert record["summary"] == "English only."
        assert record["untranslated"] == {"summary": "en"}
        assert record["court"]["untranslated"] == {"name": "en"}
    charge = client.get("/api/v1/cases/half/?lang=ru").json()["charges"][0]
    assert charge["offence"] == "Мошенничество"
    assert charge["untranslated"] == {"note": "en"}
    assert client.get("/api/v1/cases/half/").json()["untranslated"] == {}


def test_the_api_gives_a_statement_in_its_words_and_the_asked_translation(client):
    party = PartyFactory(slug="speaker")
    StatementFactory(
        party=party,
        text="Мы невиновны.",
        language="ru",
        translation_en="We are innocent.",
        source=SourceFactory(),
    )

    english = client.get("/api/v1/parties/speaker/").json()["statements"][0]
    russian = client.get("/api/v1/parties/speaker/?lang=ru").json()["statements"][0]
    kazakh = client.get("/api/v1/parties/speaker/?lang=kk").json()["statements"][0]

    assert english["text"] == russian["text"] == "Мы невиновны."
    assert english["language"] == "ru"
    assert english["translation"] == "We are innocent."
    assert russian["translation"] is None  # the reader reads the speaker's words
    assert kazakh["translation"] is None  # none made


def test_the_schema_documents_what_fell_back(client):
    schema = client.get("/api/schema/?format=json").json()
    case = schema["components"]["schemas"]["Case"]["properties"]

    assert case["untranslated"]["type"] == "object"
    assert "English" in case["untranslated"]["description"]
    statement = schema["components"]["schemas"]["Statement"]["properties"]
    assert {"language", "translation"} <= set(statement)


# --- The admin -------------------------------------------------------------------


def test_an_editor_enters_each_language_and_the_plain_column_stays_english(client):
    editor = staff_user("editor-user", "Editors")
    log_in(client, editor)
    case = CaseFactory(title="State v. Someone", sources=[SourceFactory()])
    address = f"/admin/proceedings/case/{case.pk}/change/"

    # an editor whose browser asks for Russian
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="ru")
    assert {"title_en", "title_ru", "title_kk"} <= set(
        page.context["adminform"].form.fields
    )
    data = form_data(page, title_ru="Государство против Кого-то", summary_kk="Қысқаша.")
    saved = client.post(address, data, HTTP_ACCEPT_LANGUAGE="ru")
    assert saved.status_code == 302, saved.context["adminform"].form.errors

    stored = Case.objects.filter(pk=case.pk).values("title", "title_en", "title_ru")
    assert list(stored) == [
        {
            "title": "State v. Someone",
            "title_en": "State v. Someone",
            "title_ru": "Государство против Кого-то",
        }
    ]
    latest = Case.objects.get(pk=case.pk).history.latest()
    assert latest.title_ru == "Государство против Кого-то"
    assert latest.summary_kk == "Қысқаша."


def test_the_english_text_is_required_and_the_translations_are_not(client):
    log_in(client, staff_user("publisher-user", "Publishers"))
    page = client.get("/admin/proceedings/court/add/")
    data = form_data(
        page, name_en="", name_ru="Суд", slug="a-court", country="KZ", kind="court"
    )

    refused = client.post("/admin/proceedings/court/add/", data)
    assert refused.status_code == 200
    assert "name_en" in refused.context["adminform"].form.errors
    assert not Court.objects.exists()

    data["name_en"] = "A court"
    assert client.post("/admin/proceedings/court/add/", data).status_code == 302
    court = Court.objects.get()
    assert (court.name_en, court.name_ru, court.name_kk) == ("A court", "Суд", None)


def test_two_untranslated_courts_of_a_country_do_not_clash(db):
    CourtFactory(country="KZ", name="First", slug="first")
    CourtFactory(country="KZ", name="Second", slug="second")

    assert Court.objects.filter(name_ru=None).count() == 2


def test_saved_in_any_language_a_record_keeps_its_english(db):
    party = PartyFactory(description="English words.")
    with translation.override("kk"):
        party.description = "Қазақ сөздері."  # the active language's column
        party.save()

    party.refresh_from_db()
    assert party.description_kk == "Қазақ сөздері."
    assert (
        Party.objects.filter(pk=party.pk).values_list("description", flat=True).get()
        == "English words."
    )
    assert Statement._meta.get_field("language").default == "en"


def test_a_statements_language_must_be_a_code(client):
    log_in(client, staff_user("editor-user", "Editors"))
    party, source = PartyFactory(), SourceFactory()
    page = client.get("/admin/proceedings/statement/add/")
    data = form_data(
        page,
        party=party.pk,
        source=source.pk,
        text="Мы невиновны.",
        language="Russian",
        translation_en="We are innocent.",
    )

    refused = client.post("/admin/proceedings/statement/add/", data)
    assert refused.status_code == 200
    assert "ISO 639-1" in str(refused.context["adminform"].form.errors["language"])
    assert not Statement.objects.exists()

    data["language"] = "ru"
    assert client.post("/admin/proceedings/statement/add/", data).status_code == 302
    statement = Statement.objects.get()
    assert (statement.language, statement.translation_en) == ("ru", "We are innocent.")
