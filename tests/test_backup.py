"""Backup and restore round-trip everything: every API document byte for byte,
history, users and groups, the admin log and microseconds; and nothing cached
before a restore is served after it."""

import io
import json
import shutil
import zipfile
from urllib.parse import urlsplit

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from proceedings import backups
from proceedings.models import Case, Party, Relationship

from .accounts import log_in, staff_user
from .admin_helpers import form_data
from .services import need, redis_cache
from .test_api import LISTS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tools():
    """PostgreSQL is backed up with its own client tools."""
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        need("pg_dump and pg_restore", "apt-get install postgresql-client")


def path_of(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def every_api_document(client):
    """Every list page and every record the API serves, and a search."""
    documents = {}
    for resource in LISTS:
        address = f"/api/v1/{resource}/?page_size=100"
        while address:
            response = client.get(address)
            assert response.status_code == 200, address
            documents[address] = response.content
            body = response.json()
            for item in body["results"]:
                detail = path_of(item["url"])
                documents[detail] = client.get(detail).content
            address = body["next"] and path_of(body["next"])
    for q in ("Khrapunov", "Храпунов"):
        documents[f"search {q}"] = client.get("/api/v1/search/", {"q": q}).content
    return documents


def state():
    """What the API does not show but a restore must bring back."""
    HistoricalCase = Case.history.model
    return {
        "users": sorted(
            get_user_model().objects.values_list("username", "password", "last_login")
        ),
        "groups": sorted(
            Group.objects.values_list("name", "permissions__codename").distinct()
        ),
        "admin log": sorted(
            LogEntry.objects.values_list("object_repr", "change_message", "action_time")
        ),
        "history": sorted(
            HistoricalCase.objects.values_list(
                "history_id", "title", "history_date", "history_user__username"
            )
        ),
        "updated_at": sorted(Case.objects.values_list("pk", "updated_at")),
    }


@pytest.fixture
def edited_demo_data(client):
    """The demo data, edited once through the admin by a publisher."""
    call_command("loaddata", "khrapunov", verbosity=0)
    editor = log_in(client, staff_user("publisher", "Publishers"))
    case = Case.objects.get(slug="kazakhstan-v-mukhtar-ablyazov")
    url = f"/admin/proceedings/case/{case.pk}/change/"
    editor.post(url, form_data(editor.get(url), summary_en=case.summary + " Edited."))
    client.logout()
    return case


def test_a_restore_brings_back_every_api_document_byte_for_byte(
    client, edited_demo_data, tmp_path
):
    documents, before = every_api_document(client), state()
    assert "Edited." in Case.objects.get(pk=edited_demo_data.pk).summary
    call_command("backup", tmp_path / "backup.zip", stdout=io.StringIO())

    # Afterwards: an edit, a deletion, an addition, a new account.
    case = Case.objects.get(pk=edited_demo_data.pk)
    case.title = "Changed after the backup"
    case.save()
    Relationship.objects.filter(pk=Relationship.objects.first().pk).delete()
    Party.objects.create(name="Added later", slug="added-later", is_published=True)
    staff_user("latecomer", "Editors")
    assert every_api_document(client) != documents

    call_command(
        "restore",
        tmp_path / "backup.zip",
        "--noinput",
        "--no-save-current",
        stdout=io.StringIO(),
    )

    after = every_api_document(client)
    assert after.keys() == documents.keys()
    assert [a for a in after if after[a] != documents[a]] == []
    assert state() == before


def test_nothing_cached_before_a_restore_is_served_after_it(
    client, settings, redis_url, tmp_path
):
    """A Redis that outlives the database: the data version after the restore
    repeats numbers it had before, but the generation is new."""
    settings.CACHES = {**settings.CACHES, "responses": redis_cache(redis_url)}
    call_command("loaddata", "khrapunov", verbosity=0)
    case = Case.objects.get(slug="kazakhstan-v-mukhtar-ablyazov")
    address = f"/api/v1/cases/{case.slug}/"
    original = client.get(address).json()["title"]
    call_command("backup", tmp_path / "backup.zip", stdout=io.StringIO())
    for n in range(4):  # answers cached at the next few data versions
        case.title = f"Before the restore, {n}"
        case.save()
        assert client.get(address).json()["title"] == case.title

    backups.restore(tmp_path / "backup.zip")

    assert client.get(address).json()["title"] == original
    case = Case.objects.get(pk=case.pk)
    for n in range(4):
        case.title = f"After the restore, {n}"
        case.save()
        assert client.get(address).json()["title"] == case.title


def test_restore_saves_what_it_replaces_first(client, tmp_path):
    call_command("loaddata", "khrapunov", verbosity=0)
    call_command("backup", tmp_path / "backup.zip", stdout=io.StringIO())
    Case.objects.update(title="Replaced by the restore")
    out = io.StringIO()

    call_command(
        "restore",
        tmp_path / "backup.zip",
        "--noinput",
        save_current=tmp_path / "current.zip",
        stdout=out,
    )

    assert "Saved the current contents to" in out.getvalue()
    assert backups.check(tmp_path / "current.zip")["counts"]["case"] == 12
    assert not Case.objects.filter(title="Replaced by the restore").exists()


def rewrite(path, change):
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(backups.MANIFEST))
        dump = archive.read(backups.DUMP)
    manifest, dump = change(manifest, dump)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(backups.MANIFEST, json.dumps(manifest))
        archive.writestr(backups.DUMP, dump)


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda m, d: ({**m, "engine": "mysql"}, d), "backup of a mysql database"),
        (lambda m, d: (m, d[:-100] + b"x" * 100), "damaged"),
        (
            lambda m, d: (
                {**m, "migrations": [*m["migrations"], "proceedings.9999_x"]},
                d,
            ),
            "newer release",
        ),
        (lambda m, d: ({**m, "format": 99}, d), "format 99"),
    ],
    ids=["engine", "checksum", "newer", "format"],
)
def test_a_backup_that_cannot_be_restored_here_is_refused_before_anything_changes(
    client, tmp_path, change, reason
):
    call_command("loaddata", "khrapunov", verbosity=0)
    call_command("backup", tmp_path / "backup.zip", stdout=io.StringIO())
    rewrite(tmp_path / "backup.zip", change)
    Case.objects.update(title="Still here")

    with pytest.raises(CommandError, match=reason):
        call_command("restore", tmp_path / "backup.zip", "--noinput")

    assert Case.objects.filter(title="Still here").count() == 12


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    (tmp_path / "notes.zip").write_text("not a zip")

    with pytest.raises(CommandError, match="is not a casetracker backup"):
        call_command("restore", tmp_path / "notes.zip", "--noinput")


def test_restore_asks_first_and_stops_on_anything_but_yes(
    client, tmp_path, monkeypatch
):
    call_command("loaddata", "khrapunov", verbosity=0)
    call_command("backup", tmp_path / "backup.zip", stdout=io.StringIO())
    Case.objects.update(title="Kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", tmp_path / "backup.zip")

    assert Case.objects.filter(title="Kept").count() == 12
