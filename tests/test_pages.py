"""The skeleton's pages answer, and show only published records."""

import pytest
from django.urls import reverse

from .factories import CaseFactory, CourtFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_cases_only(client):
    shown = CaseFactory(title="Kazakhstan v. Someone")
    hidden = CaseFactory(title="Draft case nobody may see", is_published=False)

    response = client.get(reverse("proceedings:home"))

    assert response.status_code == 200
    assert shown.title in response.text
    assert hidden.title not in response.text


def test_home_counts_only_published_parties(client):
    PartyFactory()
    PartyFactory(is_published=False)

    response = client.get(reverse("proceedings:home"))

    assert "1 party" in response.text


def test_admin_answers_with_its_login_page(client):
    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert "Log in" in response.text


@pytest.mark.parametrize(
    ("factory", "route"),
    [
        (CaseFactory, "proceedings:case-detail"),
        (PartyFactory, "proceedings:party-detail"),
    ],
)
def test_unpublished_record_page_is_404(client, factory, route):
    record = factory(is_published=False)

    response = client.get(reverse(route, kwargs={"slug": record.slug}))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "factory",
    [CaseFactory, PartyFactory, CourtFactory],
)
def test_published_record_page_shows_it(client, factory):
    record = factory()

    response = client.get(record.get_absolute_url())

    assert response.status_code == 200
    assert str(record) in response.text
