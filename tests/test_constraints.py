"""Every named database constraint rejects a bad row, and full_clean() reports it
as a validation error (which the admin shows as a form error)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from proceedings.fields import DatePrecision
from proceedings.models import Record

from .factories import (
    AccusedFactory,
    AmountFactory,
    CaseFactory,
    CourtFactory,
    CourtNameFactory,
    EventFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RelationshipFactory,
    RulingFactory,
    RulingReviewFactory,
    SanctionFactory,
    SourceFactory,
    StatementFactory,
)

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
MID_MONTH = datetime.date(2018, 10, 17)


def _set(factory, **changes):
    """Build a bad row: create a valid one, then change it in memory."""

    def build():
        instance = factory()
        for name, value in changes.items():
            setattr(instance, name, value(instance) if callable(value) else value)
        return instance

    return build


def _duplicate(factory, copy, **extra):
    """Build a row that repeats the unique columns of an existing one."""

    def build():
        existing = factory()
        return factory.build(
            **{name: getattr(existing, name) for name in copy}, **extra
        )

    return build


def _same_court_name_in(language):
    """Two courts of a country with the same name in ``language``."""

    def build():
        name = {f"name_{language}": "Суд" if language != "en" else "A court"}
        existing = CourtFactory(**name)
        return CourtFactory.build(country=existing.country, slug="other", **name)

    return build


def _precision_cases(prefix, factory, name):
    return [
        (
            f"{prefix}_{name}_has_precision",
            _set(
                factory,
                **{f"{name}_precision": ""},
                **{name: datetime.date(2018, 1, 1)},
            ),
        ),
        (
            f"{prefix}_{name}_starts_period",
            _set(factory, **{name: MID_MONTH, f"{name}_precision": MONTH}),
        ),
    ]


BAD_ROWS = [
    ("source_unique_url", _duplicate(SourceFactory, ["url"])),
    *_precision_cases("source", SourceFactory, "date"),
    (
        "court_unique_name_per_country",
        _duplicate(CourtFactory, ["name", "country"], slug="other-court"),
    ),
    *(
        (f"court_unique_name_per_country-{language}", _same_court_name_in(language))
        for language in ("en", "ru", "kk")
    ),
    ("court_not_own_parent", _set(CourtFactory, parent=lambda court: court)),
    *_precision_cases("party", PartyFactory, "birth_date"),
    ("party_wikidata_qid_format", _set(PartyFactory, wikidata_qid="12345")),
    ("partyname_unique_per_party", _duplicate(PartyNameFactory, ["party", "name"])),
    (
        "relationship_not_with_self",
        _set(RelationshipFactory, object=lambda r: r.subject),
    ),
    (
        "relationship_unique",
        _duplicate(RelationshipFactory, ["subject", "kind", "object"]),
    ),
    (
        "relationship_end_after_start",
        _set(
            RelationshipFactory,
            start=datetime.date(2010, 1, 1),
            start_precision=YEAR,
            end=datetime.date(2009, 1, 1),
            end_precision=YEAR,
        ),
    ),
    *_precision_cases("relationship", RelationshipFactory, "start"),
    *_precision_cases("relationship", RelationshipFactory, "end"),
    (
        "case_closed_after_opened",
        _set(
            CaseFactory,
            opened=datetime.date(2018, 1, 1),
            opened_precision=YEAR,
            closed=datetime.date(2017, 5, 1),
            closed_precision=MONTH,
        ),
    ),
    ("case_not_appeal_of_itself", _set(CaseFactory, appeal_of=lambda case: case)),
    ("case_has_country", _set(CaseFactory, court=None, country="")),
    ("courtname_unique_per_court", _duplicate(CourtNameFactory, ["court", "name"])),
    ("courtname_has_language", _set(CourtNameFactory, language="")),
    *_precision_cases("case", CaseFactory, "opened"),
    *_precision_cases("case", CaseFactory, "closed"),
    (
        "participation_one_role_per_party_per_case",
        _duplicate(ParticipationFactory, ["case", "party", "role"]),
    ),
    (
        "participation_not_representing_self",
        _set(ParticipationFactory, represents=lambda p: p.party),
    ),
    (
        "participation_end_after_start",
        _set(
            ParticipationFactory,
            start=datetime.date(2018, 5, 1),
            start_precision=MONTH,
            end=datetime.date(2018, 4, 30),
            end_precision=DAY,
        ),
    ),
    *_precision_cases("participation", ParticipationFactory, "start"),
    *_precision_cases("participation", ParticipationFactory, "end"),
    (
        "ruling_unique_citation",
        lambda: RulingFactory.build(
            case=RulingFactory(citation="[2018] UKSC 19").case,
            citation="[2018] UKSC 19",
        ),
    ),
    ("rulingreview_unique", _duplicate(RulingReviewFactory, ["ruling", "reviewed"])),
    ("rulingreview_not_itself", _set(RulingReviewFactory, reviewed=lambda r: r.ruling)),
    *_precision_cases("ruling", RulingFactory, "date"),
    ("accused_once_per_charge", _duplicate(AccusedFactory, ["charge", "party"])),
    (
        "accused_pending_has_no_ruling",
        _set(AccusedFactory, ruling=lambda a: RulingFactory(case=a.charge.case)),
    ),
    ("accused_not_punished_only_if_guilty", _set(AccusedFactory, not_punished=True)),
    ("amount_has_one_owner", _set(AmountFactory, event=lambda a: EventFactory())),
    ("amount_not_negative", _set(AmountFactory, amount=Decimal("-1"))),
    ("amount_currency_is_code", _set(AmountFactory, currency="usd")),
    ("sanction_term_not_negative", _set(SanctionFactory, term_months=-1)),
    *_precision_cases("event", EventFactory, "date"),
    *_precision_cases("statement", StatementFactory, "date"),
]


@pytest.fixture
def bad_row(request, db):
    name, build = request.param
    return name, build()


@pytest.mark.parametrize(
    "bad_row", BAD_ROWS, ids=[n for n, _ in BAD_ROWS], indirect=True
)
def test_database_rejects_the_bad_row(bad_row):
    name, instance = bad_row

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        instance.save()

    message = str(error.value)
    if "UNIQUE" not in message and "unique" not in message:
        assert name in message


@pytest.mark.parametrize(
    "bad_row", BAD_ROWS, ids=[n for n, _ in BAD_ROWS], indirect=True
)
def test_full_clean_reports_the_bad_row_as_a_validation_error(bad_row):
    name, instance = bad_row
    constraint = next(c for c in instance._meta.constraints if c.name == name)

    with pytest.raises(ValidationError) as error:
        instance.validate_constraints()

    messages = " ".join(error.value.messages)
    expected = constraint.violation_error_message or ""
    assert expected.split("%")[0][:20] in messages


def test_every_named_constraint_has_a_bad_row_test():
    declared = {
        constraint.name
        for model in apps.get_app_config("proceedings").get_models()
        if issubclass(model, Record)
        for constraint in model._meta.constraints
    }

    assert declared == {name for name, _ in BAD_ROWS}


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("Case", "court"),
        ("Participation", "case"),
        ("Participation", "party"),
        ("Charge", "case"),
        ("Accused", "party"),
        ("Accused", "ruling"),
        ("RulingReview", "reviewed"),
        ("Amount", "source"),
        ("CourtName", "source"),
        ("Ruling", "case"),
        ("Sanction", "ruling"),
        ("Sanction", "party"),
        ("Event", "case"),
        ("Statement", "party"),
        ("Statement", "source"),
        ("Relationship", "subject"),
        ("Relationship", "object"),
    ],
)
def test_deleting_what_facts_depend_on_is_refused(model, field):
    remote = apps.get_model("proceedings", model)._meta.get_field(field)

    assert remote.remote_field.on_delete is models.PROTECT


@pytest.mark.django_db
def test_deleting_a_party_with_a_sanction_is_refused_and_loses_nothing():
    sanction = SanctionFactory()

    with pytest.raises(models.ProtectedError), transaction.atomic():
        sanction.party.delete()

    sanction.refresh_from_db()
    assert sanction.party.pk is not None
