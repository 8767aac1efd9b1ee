"""Two editors, one record: the later save from an older form is refused with what
changed, nothing is lost, and saving again after comparing goes through."""

import pytest
from concurrency.exceptions import RecordModifiedError
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from proceedings.models import Case, Participation, Record

from .accounts import log_in, staff_user
from .admin_helpers import form_data
from .factories import CaseFactory, ParticipationFactory, PartyFactory, SourceFactory

pytestmark = pytest.mark.django_db

EDITORIAL_MODELS = [
    model
    for model in apps.get_app_config("proceedings").get_models()
    if issubclass(model, Record)
]


def editor(name, role="Publishers"):
    return log_in(Client(), staff_user(name, role, first_name=name.title()))


def change_url(record):
    return f"/admin/proceedings/{record._meta.model_name}/{record.pk}/change/"


@pytest.fixture
def case():
    return CaseFactory(
        title="State v. Example",
        status="pending",
        summary="The prosecution alleges fraud.",
        sources=[SourceFactory()],
    )


def test_the_later_of_two_saves_from_open_forms_is_refused_and_nothing_is_lost(case):
    alice, bob = editor("alice"), editor("bob")
    alice_page = alice.get(change_url(case))
    bob_page = bob.get(change_url(case))
    added = "The prosecution alleges fraud. The court sat in absentia."

    saved = alice.post(change_url(case), form_data(alice_page, summary_en=added))
    refused = bob.post(change_url(case), form_data(bob_page, status="decided"))

    assert saved.status_code == 302
    assert refused.status_code == 200  # the form again, not a redirect
    case.refresh_from_db()
    assert (case.summary, case.status) == (added, "pending")
    page = refused.text
    assert "Alice saved this case while you were editing it" in page
    assert "nothing from your form was saved" in page
    assert "The court sat in absentia." in page  # what Alice changed, on the field
    assert "it was “The prosecution alleges fraud.” when you opened" in page
    form = refused.context["adminform"].form
    assert form["status"].value() == "decided"  # Bob's entry is still there


def test_saving_again_after_the_conflict_keeps_the_second_editors_version(case):
    saves_before = case.history.count()
    alice, bob = editor("alice"), editor("bob")
    alice_page, bob_page = alice.get(change_url(case)), bob.get(change_url(case))
    alice.post(change_url(case), form_data(alice_page, summary_en="Alice's summary."))
    refused = bob.post(change_url(case), form_data(bob_page, status="decided"))

    # Bob merges Alice's sentence into his form and saves again.
    again = bob.post(
        change_url(case), form_data(refused, summary_en="Alice's summary. And Bob's.")
    )

    assert again.status_code == 302
    case.refresh_from_db()
    assert (case.summary, case.status) == ("Alice's summary. And Bob's.", "decided")
    assert case.history.count() == saves_before + 2  # Alice's and Bob's


def test_a_revision_moves_with_every_save_from_any_path(case):
    before = case.version
    case.title = "Renamed"
    case.save()
    Case.objects.get(pk=case.pk).save()

    assert Case.objects.get(pk=case.pk).version == before + 2


def test_a_stale_save_outside_any_form_is_refused_in_the_update(case):
    stale = Case.objects.get(pk=case.pk)
    case.title = "Saved first"
    case.save()

    stale.title = "Saved from an old copy"
    with pytest.raises(RecordModifiedError), transaction.atomic():
        stale.save()

    case.refresh_from_db()
    assert case.title == "Saved first"


def test_publishing_moves_the_revision_so_an_open_form_cannot_undo_it(case):
    case.is_published = False
    case.save()
    alice, bob = editor("alice"), editor("bob")
    bob_page = bob.get(change_url(case))

    alice.post(
        "/admin/proceedings/case/",
        {"action": "publish_selected", "_selected_action": [case.pk]},
    )
    refused = bob.post(change_url(case), form_data(bob_page, title_en="Bob's title"))

    assert refused.status_code == 200
    case.refresh_from_db()
    assert case.is_published
    assert "published" in refused.text.lower()


def test_an_inline_row_changed_by_someone_else_is_refused_on_its_own(case):
    first = ParticipationFactory(case=case, party=PartyFactory(), role="defendant")
    ParticipationFactory(case=case, party=PartyFactory(), role="witness")
    alice, bob = editor("alice"), editor("bob")
    alice_page, bob_page = alice.get(change_url(case)), bob.get(change_url(case))
    prefix = "participations-0"  # the first row on both pages
    assert (
        alice_page.context["inline_admin_formsets"][0].formset.forms[0].instance
        == first
    )

    alice.post(
        change_url(case),
        form_data(alice_page, **{f"{prefix}-note_en": "Alice's note"}),
    )
    refused = bob.post(
        change_url(case), form_data(bob_page, **{f"{prefix}-note_en": "Bob's note"})
    )

    assert refused.status_code == 200
    assert "Alice saved this participation while you were editing it" in refused.text
    first.refresh_from_db()
    assert first.note == "Alice's note"


def test_rows_the_second_editor_did_not_touch_do_not_stop_the_save(case):
    row = ParticipationFactory(case=case, party=PartyFactory(), role="defendant")
    alice, bob = editor("alice"), editor("bob")
    bob_page = bob.get(change_url(case))
    alice.post(change_url(row), form_data(alice.get(change_url(row)), note_en="Alice"))

    saved = bob.post(change_url(case), form_data(bob_page, title_en="Bob's title"))

    assert saved.status_code == 302
    row.refresh_from_db()
    case.refresh_from_db()
    assert (row.note, case.title) == ("Alice", "Bob's title")


def test_an_inline_row_deleted_meanwhile_is_reported_not_recreated(case):
    participation = ParticipationFactory(case=case, party=PartyFactory())
    bob = editor("bob")
    bob_page = bob.get(change_url(case))
    Participation.objects.filter(pk=participation.pk).delete()

    response = bob.post(
        change_url(case), form_data(bob_page, **{"participations-0-note_en": "x"})
    )

    assert response.status_code == 200
    assert "Someone else deleted a row of “participations” while you were" in (
        response.text
    )
    assert not Participation.objects.filter(pk=participation.pk).exists()


def test_a_revert_from_history_is_refused_after_a_newer_save(case):
    original = case.history.earliest("history_date")
    bob = editor("bob")
    revert_url = f"/admin/proceedings/case/{case.pk}/history/{original.history_id}/"
    revert_page = bob.get(revert_url)
    case.title = "Saved meanwhile"
    case.save()

    refused = bob.post(revert_url, form_data(revert_page))

    assert refused.status_code == 200
    assert "while you were editing it" in refused.text
    case.refresh_from_db()
    assert case.title == "Saved meanwhile"


def test_a_revert_from_history_goes_through_when_nothing_changed_since(case):
    original = case.history.earliest("history_date")
    case.title = "Changed once"
    case.save()
    bob = editor("bob")
    revert_url = f"/admin/proceedings/case/{case.pk}/history/{original.history_id}/"

    response = bob.post(revert_url, form_data(bob.get(revert_url)))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "State v. Example"


def test_a_conflict_outside_the_admin_forms_is_a_409_page(case, monkeypatch):
    from proceedings import admin as proceedings_admin

    # A path that saves without the form's check: the UPDATE still refuses.
    monkeypatch.setattr(
        proceedings_admin.EditorialForm, "check_version", lambda self, cleaned: None
    )
    alice, bob = editor("alice"), editor("bob")
    bob.raise_request_exception = False
    alice_page, bob_page = alice.get(change_url(case)), bob.get(change_url(case))
    alice.post(change_url(case), form_data(alice_page, title_en="Alice's title"))

    response = bob.post(change_url(case), form_data(bob_page, title_en="Bob's title"))

    assert response.status_code == 409
    assert b"Edit conflict" in response.content
    case.refresh_from_db()
    assert case.title == "Alice's title"


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_every_editorial_form_carries_the_revision(demo_data, model):
    admin_client = editor("alice")
    record = model.objects.first()

    page = admin_client.get(change_url(record))

    assert page.context["adminform"].form.fields["version"].widget.is_hidden
    assert 'name="version"' in page.text


def test_the_demo_data_loads_again_over_edited_rows(db):
    call_command("load_demo_data", verbosity=0)
    case = Case.objects.first()
    case.save()
    case.save()

    call_command("load_demo_data", verbosity=0)  # no RecordModifiedError

    assert Case.objects.filter(pk=case.pk).exists()


def test_a_changed_partial_date_is_shown_as_editors_write_it(case):
    alice, bob = editor("alice"), editor("bob")
    alice_page, bob_page = alice.get(change_url(case)), bob.get(change_url(case))
    alice.post(change_url(case), form_data(alice_page, opened="March 2016"))

    refused = bob.post(change_url(case), form_data(bob_page, title_en="Bob's title"))

    assert "now “March 2016” (it was “2018” when you opened this form)" in (
        refused.text
    )
    assert "precision" not in refused.text.lower()
