"""No page or API answer about one record reads a whole table that grows with the
data — on either engine, with the planner's statistics gathered or not.

The data is the world of tests/conftest.py, with more rows of every kind, and a
mass of plain cases, parties and rulings whose optional links are empty (as most
are at scale): that is what misled SQLite's planner into reading every case to
find the appeals of one (issue 13).
"""

import datetime
import itertools

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection

from proceedings import indexes, queryplans
from proceedings.models import (
    Accused,
    Amount,
    Case,
    Charge,
    Event,
    Participation,
    Party,
    Relationship,
    Ruling,
    RulingReview,
    Sanction,
    Source,
    Statement,
)

from .factories import (
    AccusedFactory,
    CourtNameFactory,
    EventFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RelationshipFactory,
    RulingFactory,
    RulingReviewFactory,
    SanctionFactory,
    StatementFactory,
    add_amount,
)

pytestmark = pytest.mark.django_db

PATHS = [
    "/cases/criminal/",
    "/api/v1/cases/criminal/",
    "/cases/civil/",
    "/api/v1/cases/civil/",
    "/parties/viktor/",
    "/api/v1/parties/viktor/",
    "/parties/ilyas/",
    "/api/v1/parties/ilyas/",
    "/courts/almaty/",
    "/api/v1/courts/almaty/",
    "/api/v1/rulings/{verdict}/",
    "/api/v1/rulings/{order}/",
    "/api/v1/sanctions/{prison}/",
    "/api/v1/relationships/{son}/",
]
MASS = 1500


@pytest.fixture
def crowd(world, settings):
    settings.RESPONSE_CACHE = "off"
    for _ in range(5):
        party = PartyFactory()
        PartyNameFactory(party=party)
        ParticipationFactory(case=world["criminal"], party=party, role="witness")
        ruling = RulingFactory(case=world["criminal"], judges=[party])
        RulingReviewFactory(ruling=ruling, reviewed=world["verdict"])
        add_amount(SanctionFactory(ruling=ruling, party=party), 5, "EUR")
        AccusedFactory(party=party)
        add_amount(EventFactory(case=None, parties=[party]), 5, "CHF")
        StatementFactory(party=party, case=world["criminal"])
        RelationshipFactory(subject=world["viktor"], object=party, kind="associate")
        CourtNameFactory(court=world["kz"])
    _mass(world)
    return world


def _mass(world):
    """MASS plain rows of every growing table, linked to each other as at scale:
    each link set where most rows have it, optional links left empty."""
    court, source = world["kz"], world["source"]
    Source.objects.bulk_create(
        Source(title=f"Report {n}", url=f"https://mass.example/{n}")
        for n in range(MASS)
    )
    sources = list(
        Source.objects.filter(url__startswith="https://mass.").order_by("pk")
    )
    Party.objects.bulk_create(
        Party(name=f"Mass {n}", slug=f"mass-{n}", is_published=True)
        for n in range(MASS)
    )
    parties = list(Party.objects.filter(slug__startswith="mass-").order_by("pk"))
    Case.objects.bulk_create(
        Case(
            court=court,
            country="KZ",
            title=f"Mass case {n}",
            slug=f"mass-case-{n}",
            kind="criminal",
            is_published=True,
        )
        for n in range(MASS)
    )
    cases = list(Case.objects.filter(slug__startswith="mass-case-").order_by("pk"))
    Ruling.objects.bulk_create(
        Ruling(case=case, kind=kind, title=kind, is_published=True)
        for case in cases
        for kind in ("verdict", "order")
    )
    rulings = list(
        Ruling.objects.filter(case__slug__startswith="mass-case-").order_by("pk")
    )
    verdicts, orders = rulings[::2], rulings[1::2]
    RulingReview.objects.bulk_create(
        RulingReview(ruling=order, reviewed=verdict, kind="review")
        for verdict, order in zip(verdicts, orders, strict=True)
    )
    Participation.objects.bulk_create(
        Participation(case=case, party=party, role="defendant")
        for case, party in zip(cases, parties, strict=True)
    )
    Sanction.objects.bulk_create(
        Sanction(ruling=verdict, party=party, kind="fine")
        for verdict, party in zip(verdicts, parties, strict=True)
    )
    sanctions = list(
        Sanction.objects.filter(party__slug__startswith="mass-").order_by("pk")
    )
    Amount.objects.bulk_create(
        Amount(sanction=sanction, amount=100, currency="USD") for sanction in sanctions
    )
    Charge.objects.bulk_create(Charge(case=case, offence="Fraud") for case in cases)
    charges = list(Charge.objects.filter(case__in=cases).order_by("pk"))
    Accused.objects.bulk_create(
        Accused(charge=charge, party=party)
        for charge, party in zip(charges, parties, strict=True)
    )
    Statement.objects.bulk_create(
        Statement(party=party, case=case, text="Denies it.", source=source)
        for case, party in zip(cases, parties, strict=True)
    )
    Event.objects.bulk_create(
        Event(
            case=case,
            date=datetime.date(2018, 1, 1),
            date_precision="year",
            kind="hearing",
            description="Hearing",
        )
        for case in cases
    )
    Relationship.objects.bulk_create(
        Relationship(subject=a, object=b, kind="associate")
        for a, b in itertools.pairwise(parties)
    )
    relationships = list(
        Relationship.objects.filter(subject__slug__startswith="mass-").order_by("pk")
    )
    Case.related_cases.through.objects.bulk_create(
        Case.related_cases.through(from_case_id=a.pk, to_case_id=b.pk)
        for a, b in itertools.pairwise(cases)
    )
    for model, rows in [
        (Case, cases),
        (Ruling, rulings),
        (Sanction, sanctions),
        (Charge, charges),
        (Party, parties),
        (Relationship, relationships),
    ]:
        through = model.sources.through
        owner = f"{model._meta.model_name}_id"
        through.objects.bulk_create(
            through(**{owner: row.pk, "source_id": own.pk})
            for row, own in zip(rows, itertools.cycle(sources))
        )
    Ruling.judges.through.objects.bulk_create(
        Ruling.judges.through(ruling_id=verdict.pk, party_id=party.pk)
        for verdict, party in zip(verdicts, parties, strict=True)
    )


def full_reads(client, world):
    pks = {k: getattr(v, "pk", None) for k, v in world.items()}
    found = []
    for path, status, _, reads in queryplans.whole_reads_on(
        client, [path.format(**pks) for path in PATHS]
    ):
        assert status == 200, path
        found += [(path, line, sql) for _, line, sql in reads]
    return found


@pytest.mark.parametrize("statistics", [False, True], ids=["no stats", "analyzed"])
def test_no_detail_path_reads_a_whole_growing_table(client, crowd, statistics):
    if statistics:
        queryplans.analyze(scale=1000)
    else:
        queryplans.forget_statistics()

    found = full_reads(client, crowd)

    assert found == [], "\n\n".join(f"{p}: {line}\n{sql}" for p, line, sql in found)


def test_the_check_sees_a_whole_table_read(crowd):
    sql = 'SELECT "id" FROM "proceedings_case" WHERE "summary" LIKE \'%x%\''

    assert [table for table, _ in queryplans.full_reads(sql)] == ["proceedings_case"]


def index_names():
    tables = {columns["sqlite"].split()[0] for columns in indexes.INDEXES.values()}
    constraints = {}
    with connection.cursor() as cursor:
        for table in tables:
            constraints |= connection.introspection.get_constraints(cursor, table)
    return {name for name, info in constraints.items() if info["index"]}


def test_the_list_order_indexes_survive_the_migrations(db):
    assert set(indexes.INDEXES) <= index_names()


def test_a_migrate_puts_back_a_list_order_index_a_table_rebuild_lost(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX case_public_order")
    assert "case_public_order" not in index_names()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "case_public_order" in index_names()
