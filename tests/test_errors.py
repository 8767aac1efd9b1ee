"""Every bad input is a clear 4xx: never a 500, never an echo of what was sent."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from .accounts import log_in, staff_user
from .factories import CaseFactory, RulingFactory, SourceFactory

pytestmark = pytest.mark.django_db

CONTROL = ["%00", "%01", "%0A", "%1B", "%7F", "%C2%85"]  # NUL … DEL, NEL (C1)


@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/{c}/",
        "/api/v1/parties/x{c}y/",
        "/api/v1/rulings/{c}/",
        "/cases/{c}/",
        "/parties/{c}/",
    ],
)
def test_control_characters_in_an_address_are_a_400(client, path, char):
    response = client.get(path.format(c=char))

    assert response.status_code == 400
    assert b"\x00" not in response.content
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert "control characters" in response.json()["detail"]


@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize(
    "path, name",
    [
        ("/api/v1/cases/?q=Khrapunov{c}", "q"),
        ("/api/v1/cases/?court=almaty{c}", "court"),
        ("/api/v1/search/?q={c}", "q"),
        ("/api/v1/sources/?publisher=BBC{c}", "publisher"),
        ("/admin/autocomplete/?term={c}&app_label=proceedings", "term"),
    ],
)
def test_control_characters_in_a_parameter_are_a_400_naming_it(
    client, path, name, char
):
    response = client.get(path.format(c=char))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [name]


@pytest.mark.parametrize(
    "path", ["/search/?q=%00", "/cases/?q=x%00", "/parties/?court=%00", "/?x=%00"]
)
def test_pages_name_the_parameter_and_never_echo_a_nul(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"\x00" not in response.content
    assert b"Control characters" in response.content


def test_a_control_character_in_a_parameter_name_is_shown_escaped(client):
    response = client.get("/api/v1/cases/?co%00urt=x")

    assert response.status_code == 400
    assert list(response.json()) == ["co\\x00urt"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/?kind=civil&kind=criminal",
        "/api/v1/cases/?page=1&page=2",
        "/api/v1/search/?q=a&q=b",
        "/cases/?kind=civil&kind=criminal",
        "/search/?q=a&q=b",
        "/courts/almaty/?page=1&page=1",
    ],
)
def test_a_repeated_single_valued_parameter_is_a_400_naming_it(client, world, path):
    response = client.get(path)

    assert response.status_code == 400
    name = path.split("?")[1].split("=")[0]
    if path.startswith("/api/"):
        assert response.json() == {
            name: ["Give this parameter once: it takes one value."]
        }
    else:
        assert f"<code>{name}</code>".encode() in response.content


def test_search_types_may_be_repeated(client, world):
    response = client.get("/api/v1/search/?q=Test&type=party&type=case")

    assert response.status_code == 200
    assert client.get("/search/?q=Test&type=party&type=case").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/", "/cases/", "/cases/criminal/", "/search/", "/feeds/rulings/"]
)
def test_writing_to_a_public_page_is_a_styled_405(world, path, method):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(path)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert b"Read-only page" in response.content
    assert b'href="/static/css/site.css"' in response.content


def test_the_api_answers_writes_with_its_own_json_405(world):
    response = Client(enforce_csrf_checks=True).post("/api/v1/cases/")

    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "POST" not allowed.'


def test_an_expired_admin_form_gets_a_page_not_a_technical_explanation(db):
    client = log_in(Client(enforce_csrf_checks=True), staff_user("e", "Editors"))

    response = client.post("/admin/proceedings/source/add/", {"title": "x"})

    assert response.status_code == 403
    assert b"This form has expired" in response.content
    assert b'href="/static/css/site.css"' in response.content
    assert b"CSRF" not in response.content


@pytest.fixture
def failing(monkeypatch, client):
    """Listing cases fails with an error nobody foresaw."""
    from proceedings import views
    from proceedings.api import views as api_views

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api_views.CaseViewSet, "list_queryset", fail)
    monkeypatch.setattr(views.CaseListView, "get_queryset", fail)
    client.raise_request_exception = False
    return client


def test_an_unexpected_error_is_json_for_api_clients(failing, world):
    response = failing.get("/api/v1/cases/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Server error: nothing you sent caused it."}
    assert b"boom" not in response.content


def test_an_unexpected_error_is_a_plain_page_for_readers(failing, world):
    response = failing.get("/cases/")

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"boom" not in response.content


def test_feed_summaries_reach_a_reader_as_text_not_markup(client):
    case = CaseFactory(slug="c", sources=[SourceFactory()])
    RulingFactory(
        case=case,
        summary='Found <script>alert("x")</script> & <b>bold</b>.',
    )

    response = client.get("/feeds/rulings/")

    entry = ET.fromstring(response.content).find("{http://www.w3.org/2005/Atom}entry")
    summary = entry.find("{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") == "html"
    # What a feed reader renders as HTML: the summary's characters, escaped.
    assert "<script>" not in summary.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in summary.text
    assert "&amp; &lt;b&gt;bold&lt;/b&gt;" in summary.text
