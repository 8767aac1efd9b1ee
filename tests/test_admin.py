"""The editorial admin, used as an Editor and as a Publisher (never a superuser)."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proceedings.models import (
    Case,
    Charge,
    Court,
    Event,
    Party,
    Record,
    Ruling,
    Sanction,
)

from .accounts import log_in, staff_user
from .admin_helpers import form_data
from .factories import (
    CaseFactory,
    ChargeFactory,
    CourtFactory,
    CourtNameFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RulingFactory,
    SanctionFactory,
    SourceFactory,
)

EDITORIAL_MODELS = [
    model
    for model in apps.get_app_config("proceedings").get_models()
    if issubclass(model, Record)
]


def login(client, role):
    user = staff_user(f"{role.lower()}-user", role)
    log_in(client, user)
    return user


@pytest.fixture
def editor(client, db):
    login(client, "Editors")
    return client


@pytest.fixture
def publisher(client, db):
    login(client, "Publishers")
    return client


def url(model, action="changelist", pk=None):
    base = f"/admin/proceedings/{model._meta.model_name}/"
    return {
        "changelist": base,
        "add": f"{base}add/",
        "change": f"{base}{pk}/change/",
        "delete": f"{base}{pk}/delete/",
        "history": f"{base}{pk}/history/",
    }[action]


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_editor_sees_every_changelist_add_change_and_history_page(
    editor, demo_data, model
):
    instance = model.objects.first()

    for action in ["changelist", "add", "change", "history"]:
        response = editor.get(url(model, action, instance.pk))
        assert response.status_code == 200, (action, response.status_code)


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_editor_cannot_delete(editor, demo_data, model):
    instance = model.objects.first()

    assert editor.get(url(model, "delete", instance.pk)).status_code == 403


# --- Roles and publishing --------------------------------------------------------


def test_groups_have_the_right_permissions(db):
    editors = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    publishers = set(
        Group.objects.get(name="Publishers").permissions.values_list(
            "codename", flat=True
        )
    )

    assert {"add_case", "change_case", "change_ruling", "add_sanction"} <= editors
    assert not {c for c in editors if c.startswith(("delete_", "publish_"))}
    assert {
        "publish_case",
        "publish_party",
        "publish_ruling",
        "delete_case",
    } <= publishers
    assert editors < publishers


def publish_action(client, model, *records):
    return client.post(
        url(model),
        {"action": "publish_selected", "_selected_action": [r.pk for r in records]},
        follow=True,
    )


def test_editor_cannot_publish(editor, db):
    case = CaseFactory(is_published=False, sources=[SourceFactory()])

    response = editor.get(url(Case))
    publish_action(editor, Case, case)

    assert "publish_selected" not in response.text
    case.refresh_from_db()
    assert not case.is_published


def test_editor_sees_the_published_flag_but_cannot_change_it(editor, db):
    case = CaseFactory(is_published=False)
    page = editor.get(url(Case, "change", case.pk))

    editor.post(url(Case, "change", case.pk), form_data(page, is_published="on"))

    case.refresh_from_db()
    assert not case.is_published
    assert "is_published" not in page.context["adminform"].form.fields


def test_publisher_publishes_a_sourced_record(publisher, db):
    case = CaseFactory(is_published=False, sources=[SourceFactory()])

    response = publish_action(publisher, Case, case)

    case.refresh_from_db()
    assert case.is_published
    assert "Published 1 cases" in response.text


def test_publishing_without_a_public_source_is_refused_with_the_reason(publisher, db):
    unsourced = CaseFactory(is_published=False, title="No source yet")
    secret_only = CaseFactory(
        is_published=False, sources=[SourceFactory(is_public=False)]
    )

    response = publish_action(publisher, Case, unsourced, secret_only)

    assert "Not published: “No source yet” — it has no public source." in response.text
    unsourced.refresh_from_db()
    secret_only.refresh_from_db()
    assert not unsourced.is_published and not secret_only.is_published


def test_ticking_published_on_an_unsourced_record_is_a_form_error(publisher, db):
    party = PartyFactory(is_published=False, name="Unsourced")
    page = publisher.get(url(Party, "change", party.pk))

    response = publisher.post(
        url(Party, "change", party.pk),
        form_data(page, is_published="on", name="Renamed"),
    )

    assert response.status_code == 200  # the form again, with the reason
    assert "A published record needs a public source" in response.text
    party.refresh_from_db()
    assert (party.is_published, party.name) == (False, "Unsourced")


@pytest.mark.parametrize(
    "sources, published",
    [([], False), ([False], False), ([True], True), ([False, True], True)],
    ids=["no source", "confidential only", "public", "both"],
)
def test_an_add_form_publishes_only_with_a_public_source(
    publisher, db, sources, published
):
    chosen = [SourceFactory(is_public=public).pk for public in sources]
    page = publisher.get(url(Case, "add"))
    data = form_data(
        page,
        title_en="Freshly added",
        slug="freshly-added",
        kind="criminal",
        status="pending",
        country="KZ",
        sources=chosen,
        is_published="on",
    )

    response = publisher.post(url(Case, "add"), data)

    case = Case.objects.filter(slug="freshly-added").first()
    if published:
        assert response.status_code == 302, response.context["adminform"].errors
        assert case.is_published
    else:
        assert response.status_code == 200
        assert "A published record needs a public source" in response.text
        assert case is None


def test_an_editor_cannot_remove_the_last_public_source_of_a_published_record(
    editor, db
):
    source = SourceFactory()
    case = CaseFactory(is_published=True, sources=[source])
    page = editor.get(url(Case, "change", case.pk))

    response = editor.post(url(Case, "change", case.pk), form_data(page, sources=[]))

    assert "it must keep a public source" in response.text
    assert list(case.sources.all()) == [source]


def test_reverting_to_a_published_version_needs_a_public_source(publisher, db):
    case = CaseFactory(is_published=True, sources=[SourceFactory()])
    published_version = case.history.first()
    case.is_published = False
    case.save()
    case.sources.clear()

    revert_url = f"{url(Case, 'history', case.pk)}{published_version.history_id}/"
    response = publisher.post(revert_url, form_data(publisher.get(revert_url)))

    assert "A published record needs a public source" in response.text
    case.refresh_from_db()
    assert not case.is_published


def test_publisher_unpublishes(publisher, db):
    ruling = RulingFactory()

    publisher.post(
        url(Ruling),
        {"action": "unpublish_selected", "_selected_action": [ruling.pk]},
    )

    ruling.refresh_from_db()
    assert not ruling.is_published


def test_changelist_marks_drafts_and_unpublished_rulings(editor, db):
    CaseFactory(title="A draft", is_published=False)
    RulingFactory(case=CaseFactory(title="Has a draft ruling"), is_published=False)

    html = editor.get(url(Case)).text

    assert "draft" in html
    assert "1 unpublished ruling" in html


# --- History and protected deletes ------------------------------------------------


def test_history_records_the_editor_and_shows_the_change(client, db):
    user = login(client, "Editors")
    case = CaseFactory(status="pending", sources=[SourceFactory()])
    page = client.get(url(Case, "change", case.pk))

    client.post(url(Case, "change", case.pk), form_data(page, status="decided"))

    record = case.history.first()
    assert record.history_user == user
    assert record.status == "decided"
    history = client.get(url(Case, "history", case.pk)).text
    assert "editors-user" in history


def test_deleting_a_party_that_facts_depend_on_is_refused_with_a_clear_message(
    publisher, db
):
    sanction = SanctionFactory()
    party = sanction.party

    page = publisher.get(url(Party, "delete", party.pk))
    publisher.post(url(Party, "delete", party.pk), {"post": "yes"})

    assert "protected" in page.text
    assert Party.objects.filter(pk=party.pk).exists()


def test_deleting_a_court_with_cases_is_refused(publisher, db):
    court = CourtFactory()
    CaseFactory(court=court)

    publisher.post(url(court.__class__, "delete", court.pk), {"post": "yes"})

    assert court.__class__.objects.filter(pk=court.pk).exists()


# --- Data entry ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("2018-10-08", datetime.date(2018, 10, 8), "day"),
        ("2018-10", datetime.date(2018, 10, 1), "month"),
        ("October 2018", datetime.date(2018, 10, 1), "month"),
        ("2018", datetime.date(2018, 1, 1), "year"),
        ("", None, ""),
    ],
)
def test_partial_dates_are_typed_in_one_box(editor, db, typed, date, precision):
    case = CaseFactory(sources=[SourceFactory()])
    page = editor.get(url(Case, "change", case.pk))

    response = editor.post(url(Case, "change", case.pk), form_data(page, opened=typed))

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.opened, case.opened_precision) == (date, precision)


@pytest.mark.parametrize("typed", ["soon", "2018-13", "31/12/2018", "Octobre 2018"])
def test_a_date_that_cannot_be_read_is_a_form_error(editor, db, typed):
    case = CaseFactory(opened=datetime.date(2014, 1, 1), opened_precision="year")
    page = editor.get(url(Case, "change", case.pk))

    response = editor.post(url(Case, "change", case.pk), form_data(page, opened=typed))

    assert response.status_code == 200
    assert "opened" in response.context["adminform"].form.errors
    case.refresh_from_db()
    assert case.opened_partial.isoformat() == "2014"


def _new_amount(page, amount, currency, qualifier="exact"):
    """The sanction's form with one new row in its amounts inline."""
    data = form_data(page)
    data.update(
        {
            "amounts-TOTAL_FORMS": "1",
            "amounts-0-amount": amount,
            "amounts-0-currency": currency,
            "amounts-0-qualifier": qualifier,
            "amounts-0-description_en": "fine",
        }
    )
    return data


def test_amounts_are_typed_as_people_write_them(editor, db):
    sanction = SanctionFactory(kind="fine", term_months=None)
    page = editor.get(url(Sanction, "change", sanction.pk))

    response = editor.post(
        url(Sanction, "change", sanction.pk),
        _new_amount(page, "250,000,000.00", "usd", "more_than"),
    )

    assert response.status_code == 302
    amount = sanction.amounts.get()
    assert (str(amount.amount), amount.currency, amount.qualifier) == (
        "250000000.00",
        "USD",
        "more_than",
    )


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [("lots", "USD", "amount"), ("100", "XYZ", "currency"), ("100", "", "currency")],
)
def test_bad_money_is_a_form_error(editor, db, amount, currency, field):
    sanction = SanctionFactory(kind="fine", term_months=None)
    page = editor.get(url(Sanction, "change", sanction.pk))

    response = editor.post(
        url(Sanction, "change", sanction.pk), _new_amount(page, amount, currency)
    )

    assert response.status_code == 200
    (amounts,) = response.context["inline_admin_formsets"]
    assert field in amounts.formset.errors[0]
    assert not sanction.amounts.exists()


def test_a_case_without_a_court_needs_its_country(publisher, db):
    page = publisher.get(url(Case, "add"))
    data = form_data(
        page, title_en="Courtless", slug="courtless", kind="criminal", status="pending"
    )

    refused = publisher.post(url(Case, "add"), data)
    assert refused.status_code == 200
    assert "country" in refused.context["adminform"].form.errors
    assert not Case.objects.filter(slug="courtless").exists()

    saved = publisher.post(url(Case, "add"), {**data, "country": "KZ"})
    assert saved.status_code == 302
    assert Case.objects.get(slug="courtless").country == "KZ"


def test_a_case_takes_its_country_from_its_court_by_default(publisher, db):
    court = CourtFactory(country="CH")
    page = publisher.get(url(Case, "add"))
    data = form_data(
        page,
        title_en="Before a court",
        slug="before-a-court",
        kind="civil",
        status="pending",
        court=court.pk,
    )

    assert publisher.post(url(Case, "add"), data).status_code == 302
    assert Case.objects.get(slug="before-a-court").country == "CH"


def test_a_new_court_brings_its_country_unless_the_country_was_set_apart(publisher, db):
    almaty, geneva = CourtFactory(country="KZ"), CourtFactory(country="CH")
    follows = CaseFactory(court=almaty, sources=[SourceFactory()])
    apart = CaseFactory(court=almaty, country="RU", sources=[SourceFactory()])

    for case in (follows, apart):
        page = publisher.get(url(Case, "change", case.pk))
        response = publisher.post(
            url(Case, "change", case.pk), form_data(page, court=geneva.pk)
        )
        assert response.status_code == 302

    follows.refresh_from_db()
    apart.refresh_from_db()
    assert (follows.country, apart.country) == ("CH", "RU")


def test_a_charge_names_several_accused_each_with_a_disposition(editor, db):
    case = CaseFactory()
    verdict = RulingFactory(case=case)
    convicted, pleaded = PartyFactory(), PartyFactory()
    charge = ChargeFactory(
        case=case, party=convicted, disposition="convicted", ruling=verdict
    )
    page = editor.get(url(Charge, "change", charge.pk))
    data = form_data(page)
    data.update(
        {
            "accused-TOTAL_FORMS": "2",
            "accused-1-party": str(pleaded.pk),
            "accused-1-disposition": "pleaded_guilty",
            "accused-1-not_punished": "on",
            "accused-1-ruling": str(verdict.pk),
        }
    )

    response = editor.post(url(Charge, "change", charge.pk), data)

    assert response.status_code == 302
    assert {(a.party, a.disposition, a.not_punished) for a in charge.accused.all()} == {
        (convicted, "convicted", False),
        (pleaded, "pleaded_guilty", True),
    }


def test_an_accused_decided_by_another_cases_ruling_is_a_form_error(editor, db):
    charge = ChargeFactory()
    elsewhere = RulingFactory()
    page = editor.get(url(Charge, "change", charge.pk))
    data = form_data(page)
    data.update(
        {
            "accused-0-disposition": "convicted",
            "accused-0-ruling": str(elsewhere.pk),
        }
    )

    response = editor.post(url(Charge, "change", charge.pk), data)

    assert response.status_code == 200
    (accused, _amounts) = response.context["inline_admin_formsets"]
    assert "ruling" in accused.formset.errors[0]
    assert charge.accused.get().disposition == "pending"


def test_a_ruling_links_several_earlier_rulings_each_with_its_kind(editor, db):
    later = RulingFactory(title="Memorandum opinion")
    first = RulingFactory(case=later.case, title="Opinion on sanctions")
    second = RulingFactory(case=later.case, title="Report and recommendation")
    later.sources.add(SourceFactory())
    page = editor.get(url(Ruling, "change", later.pk))
    data = form_data(page)
    data.update(
        {
            "review_links-TOTAL_FORMS": "2",
            "review_links-0-kind": "objection",
            "review_links-0-reviewed": str(first.pk),
            "review_links-1-kind": "objection",
            "review_links-1-reviewed": str(second.pk),
        }
    )

    response = editor.post(url(Ruling, "change", later.pk), data)

    assert response.status_code == 302, [
        (i.formset.errors, i.formset.non_form_errors())
        for i in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    assert set(later.review_links.values_list("reviewed", "kind")) == {
        (first.pk, "objection"),
        (second.pk, "objection"),
    }


def test_a_court_is_found_in_the_admin_under_another_name(editor, db):
    court = CourtFactory(name="Swiss Federal Administrative Court", country="CH")
    CourtNameFactory(court=court, name="BVGer", kind="abbreviation")

    response = editor.get(url(Court, "changelist"), {"q": "BVGer"})

    assert list(response.context["cl"].result_list) == [court]


def test_adding_a_party_under_another_spelling_warns_first(editor, db):
    existing = PartyFactory(name="Viktor Khrapunov")
    PartyNameFactory(party=existing, name="Виктор Храпунов")
    page = editor.get(url(Party, "add"))
    data = form_data(
        page, name="Victor Khrapounov", slug="victor-khrapounov", kind="person"
    )

    warned = editor.post(url(Party, "add"), data)
    assert warned.status_code == 200
    assert "Possible duplicate: Viktor Khrapunov" in warned.text
    assert not Party.objects.filter(slug="victor-khrapounov").exists()

    saved = editor.post(url(Party, "add"), {**data, "not_a_duplicate": "on"})
    assert saved.status_code == 302
    assert Party.objects.filter(slug="victor-khrapounov").exists()


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (Party, "Храпунов", "Viktor Khrapunov"),
        (Case, "15cv5345", "City of Almaty"),
        (Ruling, "2018 UKSC 19", "[2018] UKSC 19"),
        (Case, "Abliazov", "Kazakhstan v. Mukhtar Ablyazov"),
    ],
)
def test_admin_search_finds_any_spelling(editor, demo_data, model, term, expected):
    response = editor.get(url(model), {"q": term})

    assert expected in response.text


def test_admin_search_finds_drafts_too(editor, demo_data):
    response = editor.get(url(Party), {"q": "Madina"})

    assert "Madina Khrapunova" in response.text


def test_autocomplete_finds_parties_under_any_spelling(editor, demo_data):
    response = editor.get(
        "/admin/autocomplete/",
        {
            "term": "Chrapunow",
            "app_label": "proceedings",
            "model_name": "participation",
            "field_name": "party",
        },
    )

    assert response.status_code == 200
    assert "Viktor Khrapunov" in {r["text"] for r in response.json()["results"]}


# --- Query counts ----------------------------------------------------------------


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_query_count_is_bounded(
    editor, db, model, django_assert_max_num_queries
):
    court = CourtFactory()
    for _ in range(25):
        case = CaseFactory(court=court)
        ParticipationFactory(case=case)
        SanctionFactory(ruling=RulingFactory(case=case))
        PartyNameFactory()
    with CaptureQueriesContext(connection) as few:
        assert editor.get(url(model)).status_code == 200

    for _ in range(100):
        case = CaseFactory(court=court)
        ParticipationFactory(case=case)
        SanctionFactory(ruling=RulingFactory(case=case))
        PartyNameFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert editor.get(url(model), {"all": ""}).status_code == 200


# --- Accounts --------------------------------------------------------------------


def test_create_editor_command_makes_a_staff_account_in_the_group(db, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "correct-horse-battery-staple")
    out = io.StringIO()

    call_command(
        "create_editor",
        "ayla",
        "--role",
        "publisher",
        "--password-env",
        "NEW_PASSWORD",
        stdout=out,
    )

    user = get_user_model().objects.get(username="ayla")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Publishers"]
    assert user.check_password("correct-horse-battery-staple")
    assert "Created publisher" in out.getvalue()


def test_create_editor_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "123")

    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "weak", "--password-env", "NEW_PASSWORD")


def test_groups_are_restored_after_a_flush(transactional_db):
    call_command("flush", interactive=False, verbosity=0)

    assert set(Group.objects.values_list("name", flat=True)) == {
        "Editors",
        "Publishers",
    }
    assert (
        Group.objects.get(name="Publishers")
        .permissions.filter(codename="publish_case")
        .exists()
    )


def test_history_page_shows_what_changed(editor, db):
    case = CaseFactory(status="pending", sources=[SourceFactory()])
    page = editor.get(url(Case, "change", case.pk))
    editor.post(url(Case, "change", case.pk), form_data(page, status="decided"))

    history = editor.get(url(Case, "history", case.pk)).text

    assert "pending" in history and "decided" in history


def test_a_change_can_be_reverted_from_history(editor, db):
    case = CaseFactory(title="Original title", sources=[SourceFactory()])
    page = editor.get(url(Case, "change", case.pk))
    editor.post(
        url(Case, "change", case.pk), form_data(page, title_en="Mistaken title")
    )
    original = case.history.order_by("history_date").first()

    revert_url = f"{url(Case, 'history', case.pk)}{original.history_id}/"
    form = editor.get(revert_url)
    response = editor.post(revert_url, form_data(form))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Original title"


def test_an_editor_cannot_republish_by_reverting(client, db):
    case = CaseFactory(is_published=True, sources=[SourceFactory()])
    published_version = case.history.first()
    case.is_published = False
    case.save()
    login(client, "Editors")

    revert_url = f"{url(Case, 'history', case.pk)}{published_version.history_id}/"
    client.post(revert_url, form_data(client.get(revert_url)))

    case.refresh_from_db()
    assert not case.is_published


def test_an_event_outside_any_case_needs_a_party(editor, db):
    page = editor.get(url(Event, "add"))
    data = form_data(
        page, date="2008-04", kind="emigration", description_en="Emigrated."
    )

    refused = editor.post(url(Event, "add"), data)
    assert refused.status_code == 200
    assert "parties" in refused.context["adminform"].form.errors

    party = PartyFactory()
    saved = editor.post(url(Event, "add"), {**data, "parties": [party.pk]})
    assert saved.status_code == 302
    assert Event.objects.get(case=None).parties.get() == party
