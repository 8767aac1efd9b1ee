"""The Khrapunov demo data set (fixtures/khrapunov.json), read back through the ORM."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from proceedings.models import (
    Accused,
    Case,
    Charge,
    Event,
    Participation,
    Party,
    Record,
    Relationship,
    Ruling,
    Sanction,
    Statement,
)

pytestmark = pytest.mark.django_db

PROCEEDINGS_MODELS = [
    model
    for model in apps.get_app_config("proceedings").get_models()
    if issubclass(model, Record)
]


def party(name):
    return Party.objects.get(name=name)


def test_fixtures_load_into_an_empty_database(demo_data):
    for name in ["Court", "Party", "Case", "Ruling", "Sanction", "Source"]:
        assert apps.get_model("proceedings", name).objects.exists(), name


def test_loading_twice_leaves_one_copy(demo_data):
    counts = {model: model.objects.count() for model in PROCEEDINGS_MODELS}

    call_command("load_demo_data", verbosity=0)

    assert {model: model.objects.count() for model in PROCEEDINGS_MODELS} == counts


@pytest.mark.parametrize("model", PROCEEDINGS_MODELS, ids=lambda m: m.__name__)
def test_every_loaded_object_passes_full_clean(demo_data, model):
    for instance in model.objects.all():
        instance.full_clean()


PUBLISHED_WITH_SOURCES = [Case, Party, Ruling, Charge, Sanction, Relationship, Event]


@pytest.mark.parametrize("model", PUBLISHED_WITH_SOURCES, ids=lambda m: m.__name__)
def test_every_published_record_has_a_public_source(demo_data, model):
    unsourced = model.objects.published().exclude(sources__is_public=True)

    assert list(unsourced) == []


def test_every_published_statement_has_a_public_source(demo_data):
    assert Statement.objects.published().exists()
    assert not Statement.objects.published().exclude(source__is_public=True).exists()


def test_private_relatives_are_entered_but_unpublished(demo_data):
    private = {
        "Daniel Khrapunov",
        "Galina Khrapunova",
        "Elena Khrapunova",
        "Elvira Khrapunova-Belmadani",
    }

    entered = set(Party.objects.filter(name__in=private).values_list("name", flat=True))
    public = set(Party.objects.published().values_list("name", flat=True))

    assert entered == private
    assert not public & private
    assert not Relationship.objects.published().filter(object__name__in=private)


def test_every_published_party_takes_part_somewhere_or_is_related(demo_data):
    for person in Party.objects.published():
        involved = (
            person.participations.exists()
            or person.rulings_judged.exists()
            or Relationship.objects.published().involving(person).exists()
        )
        assert involved, person


# --- What the data set answers ---------------------------------------------------


def test_viktor_khrapunovs_kazakh_sentence(demo_data):
    viktor = party("Viktor Khrapunov")
    prison = Sanction.objects.published().get(
        party=viktor, kind=Sanction.Kind.IMPRISONMENT, ruling__court__country="KZ"
    )
    verdict = prison.ruling

    assert prison.term_months == 17 * 12
    assert "maximum" in prison.regime
    assert prison.status == Sanction.Status.UNENFORCED
    assert verdict.case.in_absentia
    assert verdict.date_partial.isoformat() == "2018-10-08"
    assert verdict.date_precision == "day"
    assert verdict.court.name == "Specialised Inter-District Criminal Court of Almaty"
    assert [j.name for j in verdict.judges.all()] == ["Qasym Qalmaghambetov"]
    other_kinds = set(
        Sanction.objects.filter(ruling=verdict, party=viktor).values_list(
            "kind", flat=True
        )
    )
    assert other_kinds == {"imprisonment", "confiscation", "disqualification"}


def test_the_kazakh_verdict_sentenced_the_three_named_defendants(demo_data):
    verdict = Ruling.objects.get(date=datetime.date(2018, 10, 8))
    terms = {
        s.party.name: s.term_months
        for s in verdict.sanctions.filter(kind=Sanction.Kind.IMPRISONMENT)
    }

    assert terms == {
        "Viktor Khrapunov": 204,
        "Leyla Khrapunova": 168,
        "Aiyar Ilyasov": 60,
    }


def test_allegations_stay_apart_from_findings(demo_data):
    pending = Accused.objects.filter(
        party__name="Ilyas Khrapunov", charge__case__court=None
    )

    assert pending.exists()
    assert set(pending.values_list("disposition", flat=True)) == {"pending"}
    assert not pending.filter(ruling__isnull=False).exists()
    assert Statement.objects.filter(
        party__name="Viktor Khrapunov", text__icontains="politically motivated"
    ).exists()


def test_uk_supreme_court_judgment(demo_data):
    judgment = Ruling.objects.get(citation="[2018] UKSC 19")

    assert judgment.date_partial.isoformat() == "2018-03-21"
    assert judgment.court.short_name == "UKSC"
    assert judgment.outcome == Ruling.Outcome.APPEAL_DISMISSED
    assert judgment.judges.count() == 5
    assert judgment.case.number == "UKSC 2017/0043"
    link = judgment.review_links.get()
    assert (link.kind, link.reviewed.citation) == ("appeal", "[2017] EWCA Civ 40")
    assert not judgment.sanctions.exists()  # no "$500 million": no amount at all


def test_sdny_sanctions_of_3_september_2020(demo_data):
    ruling = Ruling.objects.get(date=datetime.date(2020, 9, 3))
    sanctioned = set(ruling.sanctions.values_list("party__name", flat=True))

    assert ruling.court.short_name == "SDNY"
    assert ruling.case.number.startswith("1:15-cv-05345")
    assert sanctioned == {"Viktor Khrapunov", "Ilyas Khrapunov"}
    objection = ruling.reviewed_by_links.get()
    assert objection.kind == "objection"
    assert objection.ruling.date_partial.isoformat() == "2021-10-18"


def test_sdny_recommended_sanctions_of_may_2020_were_vacated(demo_data):
    recommended = Ruling.objects.get(date=datetime.date(2020, 5, 19))

    assert set(recommended.sanctions.values_list("status", flat=True)) == {"vacated"}


def test_swiss_decisions(demo_data):
    asylum = Ruling.objects.get(date=datetime.date(2020, 12, 29))
    extradition = Ruling.objects.get(case__kind=Case.Kind.EXTRADITION)
    geneva = Ruling.objects.get(court__kind="prosecutor", court__country="CH")

    assert asylum.court.country == "CH"
    assert asylum.outcome == Ruling.Outcome.APPEAL_ALLOWED
    assert asylum.is_final
    assert asylum.review_links.get().reviewed.court.short_name == "SEM"
    assert extradition.date_partial.isoformat() == "2014"
    assert extradition.outcome == Ruling.Outcome.DENIED
    assert extradition.court.name == "Federal Office of Justice"
    assert geneva.outcome == Ruling.Outcome.DISCONTINUED
    assert geneva.date_partial.isoformat() == "2019-11"


@pytest.mark.parametrize(
    ("who", "phrase", "whom"),
    [
        ("Ilyas Khrapunov", "son of", "Viktor Khrapunov"),
        ("Viktor Khrapunov", "father of", "Ilyas Khrapunov"),
        ("Leyla Khrapunova", "wife of", "Viktor Khrapunov"),
        ("Mukhtar Ablyazov", "father-in-law of", "Ilyas Khrapunov"),
        ("Ilyas Khrapunov", "son-in-law of", "Mukhtar Ablyazov"),
        ("Aiyar Ilyasov", "son-in-law of", "Viktor Khrapunov"),
    ],
)
def test_who_is_whose_relative(demo_data, who, phrase, whom):
    person = party(who)
    readings = {
        relationship.reading_for(person)[0]: relationship.reading_for(person)[1].name
        for relationship in Relationship.objects.published()
        .involving(person)
        .select_related("subject", "object")
    }

    assert readings.get(phrase) == whom


def test_judges_take_part_in_their_cases(demo_data):
    judge = party("Qasym Qalmaghambetov")

    assert (
        Participation.objects.published()
        .filter(party=judge, role=Participation.Role.JUDGE, case__in_absentia=True)
        .exists()
    )


def test_other_spellings_are_recorded(demo_data):
    names = set(party("Viktor Khrapunov").other_names.values_list("name", flat=True))

    assert {"Victor Khrapounov", "Виктор Вячеславович Храпунов"} <= names
