"""The site in English, Russian and Kazakh (issue 17): complete catalogues, one
address per page and language, a switcher, hreflang alternates, dates and
country names in the reader's language."""

import datetime
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from proceedings.fields import DatePrecision, PartialDate

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ["ru", "kk"]


def catalogue(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as file:
        return read_po(file, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_complete(language):
    """No entry left empty or fuzzy, and each keeps its placeholders."""
    messages = [m for m in catalogue(language) if m.id]
    empty = [
        m.id for m in messages if not all(m.string if m.pluralizable else [m.string])
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    broken = [
        (m.id, [str(e) for e in errors])
        for m, errors in catalogue(language).check()
        if errors
    ]

    assert len(messages) > 800
    assert empty == [] and fuzzy == []
    assert broken == []


@pytest.mark.parametrize(
    ("path", "language", "word"),
    [
        ("/", "en", "Cases"),
        ("/ru/", "ru", "Дела"),
        ("/kk/", "kk", "Істер"),
        ("/ru/cases/", "ru", "Дела"),
        ("/kk/parties/", "kk", "Тараптар"),
    ],
)
def test_each_language_has_its_own_address(client, world, path, language, word):
    response = client.get(path)
    html = response.text

    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert word in html
    assert response["Content-Language"] == language


def test_the_switcher_keeps_the_reader_on_the_same_page(client, world):
    html = client.get("/ru/cases/?country=KZ").text
    switcher = html[html.index('class="languages"') :]
    switcher = switcher[: switcher.index("</nav>")]

    links = dict(re.findall(r'href="([^"]+)" hreflang="(\w+)"', switcher))
    assert set(links.values()) == {"en", "ru", "kk"}
    assert "http://testserver/cases/?country=KZ" in links
    assert "http://testserver/kk/cases/?country=KZ" in links
    assert 'aria-current="page">Русский' in switcher


def test_every_page_names_its_alternates(client, world):
    html = client.get("/parties/viktor/").text

    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html)
    )
    assert alternates == {
        "en": "http://testserver/parties/viktor/",
        "x-default": "http://testserver/parties/viktor/",
        "ru": "http://testserver/ru/parties/viktor/",
        "kk": "http://testserver/kk/parties/viktor/",
    }


def test_the_sitemap_lists_each_page_in_each_language(client, world):
    xml = client.get("/sitemap.xml").text

    assert "<loc>http://testserver/kk/parties/viktor/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="ru" '
        'href="http://testserver/ru/parties/viktor/"/>'
    ) in xml


def test_a_page_ignores_the_browsers_language(client, world):
    """The address decides: an English address stays English for a Russian
    browser, so a link or a cache never shows another language."""
    response = client.get("/cases/", headers={"accept-language": "ru"})

    assert '<html lang="en">' in response.text
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_admin_follows_the_browser(client, db):
    response = client.get("/admin/login/", headers={"accept-language": "kk"})

    assert response["Content-Language"] == "kk"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    ("language", "day", "month", "year"),
    [
        ("en", "8 October 2018", "October 2018", "2018"),
        ("ru", "8 октября 2018\u202fг.", "октябрь 2018\u202fг.", "2018"),
        ("kk", "2018\u202fж. 8 қазан", "2018\u202fж. қазан", "2018"),
    ],
)
def test_dates_in_each_language_keep_their_precision(language, day, month, year):
    date = datetime.date(2018, 10, 8)
    with translation.override(language):
        assert str(PartialDate(date, DatePrecision.DAY)) == day
        assert str(PartialDate(date, DatePrecision.MONTH)) == month
        assert str(PartialDate(date, DatePrecision.YEAR)) == year


@pytest.mark.parametrize(
    "typed",
    ["8 октября 2018", "8 октября 2018 г.", "2018 ж. 8 қазан", "2018 жылғы 8 қазан"],
)
def test_dates_are_read_as_each_language_writes_them(typed):
    assert PartialDate.parse(typed).isoformat() == "2018-10-08"


def test_the_kazakh_verdict_in_russian_and_kazakh(client, demo_data):
    path = "/cases/kazakhstan-v-viktor-khrapunov-and-others/"
    russian = client.get("/ru" + path).text
    kazakh = client.get("/kk" + path).text

    assert "8 октября 2018" in russian
    assert "Казахстан" in russian
    assert "қазан" in kazakh and "Қазақстан" in kazakh


@pytest.mark.parametrize("prefix", ["/ru", "/kk"])
def test_a_party_is_headed_by_its_cyrillic_name_with_the_latin_beside(
    client, demo_data, prefix
):
    html = client.get(f"{prefix}/parties/viktor-khrapunov/").text

    # the short Russian name before the full one with patronymic
    assert '<h1 lang="ru">Виктор Храпунов</h1>' in html
    assert "Viktor Khrapunov</p>" in html
    assert "<title>Виктор Храпунов (Viktor Khrapunov) — casetracker</title>" in html


def test_in_english_the_latin_name_heads_the_page(client, demo_data):
    html = client.get("/parties/viktor-khrapunov/").text

    assert "<h1>Viktor Khrapunov</h1>" in html
    assert 'class="latin-name"' not in html


def test_a_party_without_a_cyrillic_name_keeps_its_own(client, world):
    html = client.get("/ru/parties/bank/").text

    assert "<h1>Test Bank</h1>" in html


# --- No English interface left ----------------------------------------------------

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "khrapunov.json"
PAGE_TYPES = [
    "/",
    "/cases/",
    "/cases/?country=KZ&kind=criminal",
    "/cases/kazakhstan-v-viktor-khrapunov-and-others/",
    "/cases/city-of-almaty-v-ablyazov/",
    "/cases/jsc-bta-bank-v-khrapunov-court-of-appeal/",
    "/parties/",
    "/parties/viktor-khrapunov/",
    "/parties/ilyas-khrapunov/",
    "/courts/",
    "/courts/specialised-inter-district-criminal-court-of-almaty/",
    "/rulings/",
    "/sanctions/",
    "/search/?q=Khrapunov",
    "/search/?q=Zzyxqvw",
    "/data/",
    "/cases/?opened_after=13-2018",
    "/no-such-page/",
]
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_ATTRIBUTES = re.compile(r'(?:title|aria-label|placeholder|alt|content)="([^"]*)"')


def visible_text(html):
    """What a reader sees or hears: the text and the labelling attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    labels = " ".join(_ATTRIBUTES.findall(html))
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(f"{text} {labels}".replace("&#x27;", "'").split())


@pytest.fixture(scope="module")
def interface_phrases():
    """The catalogue's English phrases of two words or more, cut at their
    placeholders, leaving out any that the demo data itself contains (a case
    title may say "Court of Appeal"): those are content, not interface."""
    data = FIXTURE.read_text(encoding="utf-8")
    phrases = set()
    for message in catalogue("ru"):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        for text in ids:
            for part in _PLACEHOLDER.split(text or ""):
                part = " ".join(part.split()).strip(" .,:;()“”«»—-")
                if len(part.split()) >= 2 and part not in data:
                    phrases.add(part)
    return phrases


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_english_interface_text_is_left(
    client, demo_data, interface_phrases, language, path
):
    response = client.get(f"/{language}{path}")
    assert response.status_code in (200, 400, 404)
    text = visible_text(response.text)

    left = sorted(phrase for phrase in interface_phrases if phrase in text)
    assert left == [], f"/{language}{path} still says: {left}"


@pytest.mark.parametrize(
    ("language", "cases", "sanction"),
    [
        ("en", "cases", "sanction"),
        ("ru", "дела", "санкция"),
        ("kk", "істер", "санкция"),
    ],
)
def test_the_admin_names_the_records_in_the_editors_language(language, cases, sanction):
    from proceedings.models import Case, Sanction

    with translation.override(language):
        assert str(Case._meta.verbose_name_plural) == cases
        assert str(Sanction._meta.verbose_name) == sanction


# --- The API's language -----------------------------------------------------------


def test_the_api_speaks_the_language_asked_for(client, world):
    russian = client.get("/api/v1/cases/", {"bogus": "1", "lang": "ru"})
    kazakh = client.get("/api/v1/cases/", headers={"accept-language": "kk"})
    both = client.get(
        "/api/v1/cases/", {"lang": "ru"}, headers={"accept-language": "kk"}
    )

    assert russian.status_code == 400
    assert russian.json()["bogus"][0].startswith("Неизвестный параметр")
    assert kazakh["Content-Language"] == "kk"
    assert both["Content-Language"] == "ru"  # the parameter before the header
    assert "Accept-Language" in kazakh["Vary"]


def test_an_unknown_language_is_a_400_naming_lang(client, world):
    response = client.get("/api/v1/cases/", {"lang": "fr"})

    assert response.status_code == 400
    assert response.json() == {"lang": ["Unknown language “fr”: use en, ru, kk."]}


def test_the_api_cache_keeps_languages_apart(client, world):
    first = client.get("/api/v1/courts/", headers={"accept-language": "ru"})
    other = client.get("/api/v1/courts/", headers={"accept-language": "en"})
    again = client.get("/api/v1/courts/", headers={"accept-language": "ru"})

    assert (first["X-Response-Cache"], other["X-Response-Cache"]) == ("miss", "miss")
    assert again["X-Response-Cache"] == "hit"


def test_the_schema_documents_lang(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/cases/"]["get"]["parameters"]
    (lang,) = [p for p in parameters if p["name"] == "lang"]

    assert sorted(lang["schema"]["enum"]) == ["en", "kk", "ru"]
    assert "Accept-Language" in lang["description"]
