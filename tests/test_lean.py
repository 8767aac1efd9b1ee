"""The fast paths give the answers the plain ones give, to the byte."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from proceedings.api import serializers as s
from proceedings.models import Case, Ruling, Sanction

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(world, demo_data):
    """The demo data and the factories' world, plus the awkward cases: no court,
    appeals from a published and from an unpublished case."""
    CaseFactory(
        court=None, country="CH", opened=None, opened_precision="", title="No court"
    )
    draft = CaseFactory(is_published=False)
    CaseFactory(appeal_of=draft, title="Appeal from a draft")
    CaseFactory(appeal_of=Case.objects.published().first(), title="Appeal")


def context(**extra):
    return {"request": RequestFactory().get("/api/v1/cases/", **extra)}


@pytest.mark.parametrize(
    "extra", [{}, {"HTTP_HOST": "example.org:8080"}, {"secure": True}]
)
def test_the_lean_case_list_gives_what_the_case_serializer_gives(
    mixed, settings, extra
):
    settings.ALLOWED_HOSTS = ["*"]
    cases = list(Case.objects.published().with_court().order_by("id"))
    assert len(cases) > 10
    lean = s.CaseListSerializer(cases, many=True, context=context(**extra)).data
    plain = s.CaseSerializer(cases, many=True, context=context(**extra)).data
    assert [dict(row) for row in lean] == [dict(row) for row in plain]
    assert [list(row) for row in lean] == [list(row) for row in plain]  # key order


def test_appeal_of_names_only_a_published_case(mixed):
    for case in Case.objects.published().with_court():
        expected = (
            case.appeal_of.slug
            if case.appeal_of is not None and case.appeal_of.is_published
            else None
        )
        assert case.appeal_of_slug == expected


def naive_fill(self, view_name, kwarg, value, format=None):
    kwargs = {kwarg: value, **({"format": format} if format else {})}
    return self.request.build_absolute_uri(reverse(view_name, kwargs=kwargs))


def naive_web(self, instance):
    return self.request.build_absolute_uri(instance.get_absolute_url())


def addresses(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    return response.content


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/?page_size=100",
        "/api/v1/cases.json?page_size=100",
        "/api/v1/cases/kazakhstan-v-viktor-khrapunov-and-others/",
        "/api/v1/cases/kazakhstan-v-viktor-khrapunov-and-others.json",
        "/api/v1/parties/viktor-khrapunov/",
        "/api/v1/rulings/?page_size=100",
        "/api/v1/sanctions/?page_size=100",
        "/api/v1/relationships/?page_size=100",
        "/api/v1/courts/?page_size=100",
        "/api/v1/search/?q=Khrapunov",
    ],
)
@pytest.mark.parametrize("extra", [{}, {"HTTP_HOST": "example.org:8080"}])
def test_addresses_filled_in_are_the_addresses_reverse_gives(
    client, demo_data, monkeypatch, settings, path, extra
):
    settings.RESPONSE_CACHE = "off"
    settings.ALLOWED_HOSTS = ["*"]
    fast = addresses(client, path, **extra)
    monkeypatch.setattr(s.Links, "fill", naive_fill)
    monkeypatch.setattr(s.Links, "web", naive_web)
    assert addresses(client, path, **extra) == fast
    assert Ruling.objects.exists() and Sanction.objects.exists()
