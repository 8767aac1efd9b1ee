"""Bulk downloads: FollowTheMoney, CSV and the API's documents as JSON Lines,
published data only, the same bytes for the same data, never older than the data."""

import csv
import io
import json
import shutil
import zipfile

import pytest
from django.core.management import call_command
from followthemoney import model as ftm_model
from followthemoney.types import registry

from proceedings import cache, exports
from proceedings.exports import ftm
from proceedings.exports.batches import chunks, linked
from proceedings.exports.tables import tables as table_specs
from proceedings.models import Case, CourtName, Party, PartyName, Ruling

from .factories import CaseFactory, PartyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(export_store):
    return export_store


def build(tmp_path, name="set"):
    return exports.write_set(tmp_path / name, "http://testserver")


def entities(path):
    return [json.loads(line) for line in (path / "casetracker.ftm.jsonl").open()]


def csv_tables(path):
    with zipfile.ZipFile(path / "casetracker.csv.zip") as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8"))
            )
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def every_text(path):
    """Every file's text, the CSVs and README.txt out of their zip."""
    texts = {}
    for file in path.iterdir():
        if file.suffix == ".zip":
            with zipfile.ZipFile(file) as archive:
                for name in archive.namelist():
                    texts[name] = archive.read(name).decode()
        else:
            texts[file.name] = file.read_text()
    return texts


# --- FollowTheMoney ---------------------------------------------------------------


def ftm_errors(lines):
    """What a strict reader of FtM would reject: unknown or abstract schemata,
    properties not of the schema, values their type does not accept as they are,
    references to no entity in the file or to one of the wrong schema."""
    errors, by_id = [], {}
    for line in lines:
        if line["id"] in by_id:
            errors.append(f"{line['id']}: id used twice")
        by_id[line["id"]] = line
    for line in lines:
        schema = ftm_model.get(line["schema"])
        if schema is None or schema.abstract:
            errors.append(f"{line['id']}: no schema {line['schema']}")
            continue
        # the library's own reading (what `ftm validate` does) keeps every value
        reread = ftm_model.get_proxy(line, cleaned=False).to_dict()["properties"]
        if {k: sorted(v) for k, v in reread.items()} != {
            k: sorted(v) for k, v in line["properties"].items()
        }:
            errors.append(f"{line['id']}: the library reads it otherwise")
        for name, values in line["properties"].items():
            prop = schema.get(name)
            if prop is None:
                errors.append(f"{line['id']}: {schema.name} has no {name}")
                continue
            for value in values:
                if not prop.type.validate(value) or prop.type.clean(value) != value:
                    errors.append(f"{line['id']}: {name}={value!r} is not valid")
                if prop.max_length and len(value) > prop.max_length:
                    errors.append(f"{line['id']}: {name} is too long")
                if prop.type == registry.entity:
                    target = by_id.get(value)
                    if target is None:
                        errors.append(f"{line['id']}: {name} -> {value} is missing")
                    elif not ftm_model.get(target["schema"]).is_a(prop.range):
                        errors.append(
                            f"{line['id']}: {name} -> {target['schema']}, "
                            f"not a {prop.range.name}"
                        )
    return errors


def test_ftm_file_of_the_demo_data_passes_a_strict_check(demo_data, tmp_path):
    manifest = build(tmp_path)
    lines = entities(tmp_path / "set")
    schemata = {line["schema"] for line in lines}

    assert ftm_errors(lines) == []
    assert {
        "CourtCase",
        "CourtCaseParty",
        "Sanction",
        "Person",
        "Family",
        "Document",
    } <= schemata
    assert manifest["files"][0]["records"]["CourtCase"] == 12


def test_ftm_entities_carry_their_sources_dates_and_topics(demo_data, tmp_path):
    build(tmp_path)
    by_id = {line["id"]: line for line in entities(tmp_path / "set")}
    viktor = Party.objects.get(slug="viktor-khrapunov")
    person = by_id[ftm.entity_id("party", viktor.pk)]["properties"]

    assert person["name"] == ["Viktor Khrapunov"]
    assert "Виктор Вячеславович Храпунов" in person["alias"]
    assert person["topics"] == ["crime"]  # convicted in absentia
    ilyas = Party.objects.get(slug="ilyas-khrapunov")
    assert by_id[ftm.entity_id("party", ilyas.pk)]["properties"]["topics"] == [
        "wanted"  # on the wanted list; charged, never convicted
    ]
    assert person["proof"]
    assert all(by_id[proof]["schema"] == "Document" for proof in person["proof"])
    case = next(
        line
        for line in by_id.values()
        if line["schema"] == "CourtCase"
        and line["properties"]["name"][0].startswith("Kazakhstan v. Ilyas")
    )
    assert case["properties"]["fileDate"] == ["2014"]  # a year, as the source says
    prison = [
        line["properties"]
        for line in by_id.values()
        if line["schema"] == "Sanction"
        and line["properties"]["entity"] == [ftm.entity_id("party", viktor.pk)]
        and "204" in line["properties"].get("duration", [])
    ]
    assert prison and prison[0]["status"] == ["unenforced"]


def test_put_refuses_a_value_the_schema_would_drop():
    person = ftm_model.make_entity("Person")
    person.id = "casetracker-party-1"

    ftm.put(person, "birthDate", "1948-10")
    with pytest.raises(ftm.ExportError):
        ftm.put(person, "birthDate", "the autumn of 1948")
    with pytest.raises(ftm.ExportError):
        ftm.put(person, "caseNumber", "1:15-cv-05345")  # not a Person's property
    assert person.get("birthDate") == ["1948-10"]


def test_a_relationship_whose_parties_do_not_fit_its_schema_is_an_unknown_link(
    tmp_path,
):
    company = PartyFactory(kind="company", name="Holding")
    person = PartyFactory(name="Heir")
    # "a company is the parent of a person": Family takes people only
    RelationshipFactory(subject=company, object=person, kind="parent")
    build(tmp_path)
    lines = entities(tmp_path / "set")

    assert ftm_errors(lines) == []
    assert [line["schema"] for line in lines if "relationship" in line["id"]] == [
        "UnknownLink"
    ]


def test_a_title_or_number_longer_than_ftm_holds_is_kept_whole(tmp_path):

    title = " ".join(["Proceedings about a very long matter"] * 13)[:500]
    number = "No. " + "-".join(["2018"] * 19)
    CaseFactory(title=title, number=number)
    build(tmp_path)
    lines = entities(tmp_path / "set")
    case = next(line for line in lines if line["schema"] == "CourtCase")

    assert ftm_errors(lines) == []
    assert case["properties"]["name"][0].endswith("…")
    assert f"Name: {title}" in case["properties"]["description"]
    assert f"Case number: {number}" in case["properties"]["description"]


# --- CSV ------------------------------------------------------------------------


def test_csv_rows_equal_the_api_counts_and_keep_dates_and_money(
    client, demo_data, tmp_path
):
    build(tmp_path)
    tables = csv_tables(tmp_path / "set")

    for table, resource in [
        ("cases", "cases"),
        ("parties", "parties"),
        ("courts", "courts"),
        ("rulings", "rulings"),
        ("sanctions", "sanctions"),
        ("relationships", "relationships"),
        ("sources", "sources"),
    ]:
        count = client.get(f"/api/v1/{resource}/").json()["count"]
        assert len(tables[table]) == count, table
    ilyas_case = next(
        row for row in tables["cases"] if row["slug"] == "kazakhstan-v-ilyas-khrapunov"
    )
    assert (ilyas_case["opened"], ilyas_case["opened_precision"]) == ("2014", "year")
    api_amounts = sorted(
        (a["amount"], a["currency"], a["qualifier"])
        for row in tables["cases"]
        for charge in client.get(f"/api/v1/cases/{row['slug']}/").json()["charges"]
        for a in charge["amounts"]
    )
    csv_amounts = sorted(
        (row["amount"], row["currency"], row["qualifier"])
        for row in tables["amounts"]
        if row["charge_id"]
    )
    assert ("250000000", "USD", "more_than") in csv_amounts
    assert csv_amounts == api_amounts


def test_readme_describes_every_column_from_the_models(demo_data, tmp_path):
    build(tmp_path)
    with zipfile.ZipFile(tmp_path / "set" / "casetracker.csv.zip") as archive:
        readme = archive.read("README.txt").decode()
    tables = csv_tables(tmp_path / "set")

    for name, rows in tables.items():
        section = readme[readme.index(f"{name}.csv\n") :]
        for column in rows[0]:
            assert f"\n  {column}: " in section, (name, column)
    assert "Case number exactly as printed by the court" in readme  # help_text


# --- Only what is published ---------------------------------------------------------


def test_no_file_names_or_points_to_an_unpublished_record(world, secrets, tmp_path):
    build(tmp_path)
    path = tmp_path / "set"

    for name, text in every_text(path).items():
        assert "SECRET" not in text, name
        assert "secret-" not in text, name
    assert ftm_errors(entities(path)) == []  # no reference to a left-out entity
    tables = csv_tables(path)
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}

    for table in table_specs():
        for column in table.columns:
            if column.refers is None:
                continue
            for row in tables[table.name]:
                for value in filter(None, row[column.name].split(";")):
                    assert value in ids[column.refers], (table.name, column.name)
    assert str(secrets["private"].pk) not in {
        row["party_id"] for row in tables["participations"]
    }


def test_documents_are_the_api_answers(client, world, secrets, tmp_path):
    build(tmp_path)
    lines = [
        json.loads(line)
        for line in (tmp_path / "set" / "casetracker.cases.jsonl").open()
    ]

    assert [line["slug"] for line in lines] == ["criminal", "civil", "extradition"]
    for line in lines:
        assert line == client.get(f"/api/v1/cases/{line['slug']}/").json()
    parties = (tmp_path / "set" / "casetracker.parties.jsonl").read_text()
    assert len(parties.splitlines()) == client.get("/api/v1/parties/").json()["count"]


def test_batches_link_to_published_records_only(world, secrets):

    [cases] = chunks(Case.objects.published())
    [rulings] = chunks(Ruling.objects.published())
    criminal = world["criminal"]

    assert linked(cases, "sources")[criminal.pk] == [world["source"].pk]
    assert secrets["draft"].pk not in linked(cases, "related_cases").get(
        criminal.pk, []
    )
    judges = linked(rulings, "judges")
    assert judges[world["verdict"].pk] == [world["judge"].pk]
    assert world["order"].pk not in judges  # its one judge is not published


def test_other_names_of_published_records_are_published(world, secrets):

    published = set(Party.objects.published())
    assert set(PartyName.objects.published()) == {
        name for name in PartyName.objects.all() if name.party in published
    }
    assert set(CourtName.objects.published()) == set(CourtName.objects.all())


# --- Same data, same bytes ------------------------------------------------------------


def test_export_is_deterministic(demo_data, tmp_path):
    first = build(tmp_path, "first")
    second = build(tmp_path, "second")

    for a, b in zip(first["files"], second["files"], strict=True):
        assert (tmp_path / "first" / a["name"]).read_bytes() == (
            tmp_path / "second" / b["name"]
        ).read_bytes()
    assert first["files"] == second["files"]
    assert first["data_version"] == second["data_version"]


# --- The site's store ----------------------------------------------------------


def test_data_page_lists_every_file_with_size_hash_and_licence(
    client, demo_data, store
):
    html = client.get("/data/").text
    manifest = exports.current()

    for entry in manifest["files"]:
        assert f'href="/data/{entry["name"]}"' in html
        assert entry["sha256"] in html
    assert "CC BY 4.0" in html
    assert manifest["data_version"] in html
    footer = client.get("/").text.split("<footer")[1]
    assert 'href="/data/"' in footer
    assert 'rel="license">CC BY 4.0</a>' in footer
    assert client.get("/api/v1/").json()["downloads"] == "http://testserver/data/"


def test_a_file_is_served_with_its_hash_and_revalidated(client, demo_data, store):
    response = client.get("/data/casetracker.ftm.jsonl")
    body = b"".join(response.streaming_content)
    entry = exports.current()["files"][0]

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert response["ETag"] == f'"{entry["sha256"]}"'
    assert len(body) == entry["size"]
    again = client.get(
        "/data/casetracker.ftm.jsonl", headers={"If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304
    assert client.get("/data/casetracker.exe").status_code == 404


def test_an_edit_makes_the_next_download_a_new_build(client, demo_data, store):
    before = exports.current() or exports.publish()
    party = Party.objects.get(slug="viktor-khrapunov")
    party.description = "A new profile line, just edited."
    party.save()

    assert exports.current() is None  # never served as current again
    response = client.get("/data/casetracker.parties.jsonl")
    body = b"".join(response.streaming_content).decode()
    after = exports.current()

    assert "A new profile line, just edited." in body
    assert after["data_version"] == cache.current_key() != before["data_version"]
    assert [p.name for p in store.glob("build-*")] == [after["folder"].name]


def test_a_stale_set_in_the_background_is_a_503_not_an_old_file(
    client, demo_data, store, settings, monkeypatch
):
    exports.publish()
    Party.objects.filter(slug="viktor-khrapunov").update(description="Changed")
    cache.advance()
    settings.EXPORT_REBUILD = "background"
    started = []

    class Thread:  # records the rebuilds started instead of running them
        def __init__(self, target, **kwargs):
            started.append(target)

        def start(self):
            pass

    monkeypatch.setattr(exports.threading, "Thread", Thread)
    monkeypatch.setattr(exports, "_building", exports.threading.Lock())

    response = client.get("/data/casetracker.csv.zip")
    page = client.get("/data/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "being rebuilt" in page.text
    assert 'href="/data/casetracker' not in page.text
    assert started == [exports._rebuild]  # one rebuild, not one per request


def test_a_set_replaced_while_it_is_read_is_a_503_not_a_500(
    client, demo_data, store, monkeypatch
):
    manifest = exports.publish()
    shutil.rmtree(manifest["folder"])  # as a newer build's clean-up would
    monkeypatch.setattr(exports, "ensure_current", lambda: manifest)

    response = client.get("/data/casetracker.ftm.jsonl")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_export_command_writes_every_file(demo_data, tmp_path):
    out = io.StringIO()
    call_command("export", str(tmp_path / "cmd"), stdout=out)

    for name in exports.FILES:
        assert (tmp_path / "cmd" / name).stat().st_size > 0
        assert name in out.getvalue()
    manifest = json.loads((tmp_path / "cmd" / "manifest.json").read_text())
    assert manifest["data_version"] == cache.current_key()
