"""The migrations of issue 12 keep every row of a database in the old shape."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("proceedings", "0010_data_generation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_shape(transactional_db):
    """A database at migration 0010, handed over as that release's models; the
    schema is migrated forward again afterwards."""
    yield migrate(OLD)
    migrate(None)


def test_the_old_shape_moves_into_the_new_without_losing_a_row(old_shape):
    apps = old_shape
    Court, Case, Party = (
        apps.get_model("proceedings", n) for n in ("Court", "Case", "Party")
    )
    Participation, Ruling, Charge, Sanction = (
        apps.get_model("proceedings", n)
        for n in ("Participation", "Ruling", "Charge", "Sanction")
    )
    court = Court.objects.create(name="Almaty court", slug="almaty", country="KZ")
    appeals = Court.objects.create(name="Court of Appeal", slug="ca", country="GB")
    state = Party.objects.create(
        name="Republic of Kazakhstan", slug="kz", kind="state_body", country="KZ"
    )
    viktor = Party.objects.create(name="Viktor", slug="viktor")
    tried = Case.objects.create(
        court=court, title="Trial", slug="trial", kind="criminal"
    )
    courtless = Case.objects.create(title="Wanted", slug="wanted", kind="criminal")
    Participation.objects.create(case=courtless, party=state, role="prosecutor")
    appeal = Case.objects.create(
        court=appeals, title="Appeal", slug="appeal", kind="civil", appeal_of=tried
    )
    verdict = Ruling.objects.create(case=tried, kind="verdict", title="Verdict")
    review = Ruling.objects.create(
        case=appeal, kind="judgment", title="Judgment", appeal_of=verdict
    )
    vacating = Ruling.objects.create(
        case=tried, kind="order", title="Order", appeal_of=verdict
    )
    charge = Charge.objects.create(
        case=tried,
        party=viktor,
        offence="Embezzlement",
        disposition="convicted",
        ruling=verdict,
        alleged_amount=Decimal("250000000.00"),
        alleged_amount_currency="USD",
    )
    pending = Charge.objects.create(case=courtless, party=viktor, offence="Fraud")
    fine = Sanction.objects.create(
        ruling=verdict,
        party=viktor,
        kind="fine",
        amount=Decimal("1000.50"),
        amount_currency="EUR",
    )

    apps = migrate(None)
    Case, Charge, Sanction, Ruling = (
        apps.get_model("proceedings", n)
        for n in ("Case", "Charge", "Sanction", "Ruling")
    )

    assert dict(Case.objects.values_list("slug", "country")) == {
        "trial": "KZ",
        "wanted": "KZ",
        "appeal": "GB",
    }
    moved = Charge.objects.get(pk=charge.pk)
    assert [(a.party_id, a.disposition, a.ruling_id) for a in moved.accused.all()] == [
        (viktor.pk, "convicted", verdict.pk)
    ]
    assert [(a.amount, a.currency, a.qualifier) for a in moved.amounts.all()] == [
        (Decimal("250000000.00"), "USD", "exact")
    ]
    assert [
        (a.party_id, a.disposition)
        for a in Charge.objects.get(pk=pending.pk).accused.all()
    ] == [(viktor.pk, "pending")]
    assert [
        (a.amount, a.currency) for a in Sanction.objects.get(pk=fine.pk).amounts.all()
    ] == [(Decimal("1000.50"), "EUR")]
    links = {
        (link.ruling_id, link.reviewed_id, link.kind)
        for link in apps.get_model("proceedings", "RulingReview").objects.all()
    }
    assert links == {
        (review.pk, verdict.pk, "appeal"),
        (vacating.pk, verdict.pk, "review"),
    }
    assert Ruling.objects.count() == 3


def test_a_case_whose_country_cannot_be_told_stops_the_migration_with_its_name(
    old_shape,
):
    Case = old_shape.get_model("proceedings", "Case")
    Case.objects.create(title="Nowhere", slug="nowhere", kind="other")

    with pytest.raises(RuntimeError, match="nowhere"):
        migrate(None)
    Case.objects.all().delete()
