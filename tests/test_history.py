"""Every editorial change is kept: who, when, what (django-simple-history)."""

import pytest
from django.apps import apps

from .accounts import log_in, staff_user
from .admin_helpers import form_data
from .factories import CaseFactory, PartyFactory, RulingFactory, SourceFactory

pytestmark = pytest.mark.django_db

EDITORIAL_MODELS = [
    "Case",
    "Charge",
    "Court",
    "Event",
    "Participation",
    "Party",
    "PartyName",
    "Relationship",
    "Ruling",
    "Sanction",
    "Source",
    "Statement",
]


@pytest.mark.parametrize("name", EDITORIAL_MODELS)
def test_every_editorial_model_keeps_history(name):
    model = apps.get_model("proceedings", name)

    assert hasattr(model, "history")
    assert apps.get_model("proceedings", f"Historical{name}")


def test_a_change_is_recorded_with_the_old_and_new_values():
    case = CaseFactory(status="pending")
    case.status = "decided"
    case.save()

    latest, previous = case.history.all()[:2]
    delta = latest.diff_against(previous, excluded_fields=["version"])

    assert [change.field for change in delta.changes] == ["status"]
    assert (delta.changes[0].old, delta.changes[0].new) == ("pending", "decided")


def test_a_change_made_through_the_admin_records_the_user(client):
    editor = staff_user("editor", superuser=True)
    log_in(client, editor)
    case = CaseFactory(title="Old title", sources=[SourceFactory()])

    url = f"/admin/proceedings/case/{case.pk}/change/"
    response = client.post(url, form_data(client.get(url), title_en="New title"))

    assert response.status_code == 302, response.content.decode()[:2000]
    record = case.history.first()
    assert record.title == "New title"
    assert record.history_user == editor


def test_deleting_keeps_the_last_version_in_history():
    source = SourceFactory(title="Gone")
    pk = source.pk

    source.delete()

    deleted = apps.get_model("proceedings", "HistoricalSource").objects.get(
        id=pk, history_type="-"
    )
    assert deleted.title == "Gone"


def test_adding_a_judge_is_recorded_in_history():
    ruling = RulingFactory()
    judge = PartyFactory(name="Judge Parker")
    ruling.judges.add(judge)

    latest = ruling.history.first()
    assert [row.party_id for row in latest.judges.all()] == [judge.pk]
