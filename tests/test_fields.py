"""Partial dates and money: parsing, display, export, ordering, validation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from proceedings.fields import DatePrecision, Money, PartialDate, validate_currency
from proceedings.models import Amount, Case, Sanction

from .factories import CaseFactory, SanctionFactory


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2018-03-21", datetime.date(2018, 3, 21), DatePrecision.DAY),
        ("2018-10", datetime.date(2018, 10, 1), DatePrecision.MONTH),
        ("2014", datetime.date(2014, 1, 1), DatePrecision.YEAR),
        ("October 2018", datetime.date(2018, 10, 1), DatePrecision.MONTH),
        ("Oct 2018", datetime.date(2018, 10, 1), DatePrecision.MONTH),
        ("21 March 2018", datetime.date(2018, 3, 21), DatePrecision.DAY),
        ("March 21, 2018", datetime.date(2018, 3, 21), DatePrecision.DAY),
        ("  8   october 2018 ", datetime.date(2018, 10, 8), DatePrecision.DAY),
    ],
)
def test_partial_date_parses_every_accepted_form(text, date, precision):
    value = PartialDate.parse(text)

    assert (value.date, value.precision) == (date, precision)


@pytest.mark.parametrize(
    "text",
    ["", "soon", "2018-13", "2018-02-30", "Octember 2018", "18-10-08", "2018/10/08"],
)
def test_partial_date_rejects_anything_else_with_a_message(text):
    with pytest.raises(ValueError, match=r"\S"):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "shown", "exported"),
    [
        ("2018-03-21", "21 March 2018", "2018-03-21"),
        ("2018-10", "October 2018", "2018-10"),
        ("2014", "2014", "2014"),
    ],
)
def test_partial_date_is_shown_and_exported_at_its_precision(text, shown, exported):
    value = PartialDate.parse(text)

    assert str(value) == shown
    assert value.isoformat() == exported


def test_partial_date_truncates_to_the_start_of_its_period():
    value = PartialDate(datetime.date(2018, 10, 17), DatePrecision.MONTH)

    assert value.date == datetime.date(2018, 10, 1)
    assert value.end == datetime.date(2018, 10, 31)


def test_partial_dates_sort_by_date_then_wider_period_first():
    values = [PartialDate.parse(t) for t in ["2019-01-05", "2018-10", "2018", "2014"]]

    assert [v.isoformat() for v in sorted(values)] == [
        "2014",
        "2018",
        "2018-10",
        "2019-01-05",
    ]


@pytest.mark.django_db
def test_partial_dates_order_in_the_database_by_their_date():
    for slug, text in [("c", "2019-01-05"), ("a", "2014"), ("b", "2018-10")]:
        case = CaseFactory.build(slug=slug, court=None, country="KZ")
        case.opened_partial = text
        case.save()

    ordered = Case.objects.order_by("opened").values_list("slug", flat=True)

    assert list(ordered) == ["a", "b", "c"]


@pytest.mark.django_db
def test_partial_date_accessor_round_trips_through_the_database():
    case = CaseFactory()
    case.opened_partial = "October 2018"
    case.save()

    case.refresh_from_db()

    assert (case.opened, case.opened_precision) == (
        datetime.date(2018, 10, 1),
        "month",
    )
    assert str(case.opened_partial) == "October 2018"


@pytest.mark.django_db
def test_full_clean_moves_a_month_date_to_the_first_of_the_month():
    case = CaseFactory()
    case.opened = datetime.date(2018, 10, 17)
    case.opened_precision = DatePrecision.MONTH

    case.full_clean()

    assert case.opened == datetime.date(2018, 10, 1)


def test_unknown_partial_date_reads_as_none():
    assert Case(opened=None, opened_precision="").opened_partial is None


@pytest.mark.parametrize("code", ["KZT", "USD", "CHF", "EUR", "GBP", "RUB"])
def test_currency_validator_accepts_iso_4217_codes(code):
    validate_currency(code)


@pytest.mark.parametrize("code", ["XYZ", "US", "DOLLAR", "$", "123"])
def test_currency_validator_rejects_what_is_not_a_code(code):
    with pytest.raises(ValidationError, match="ISO 4217"):
        validate_currency(code)


@pytest.mark.django_db
def test_money_needs_a_currency_in_full_clean():
    amount = Amount(sanction=SanctionFactory(), amount=Decimal("1000"))

    with pytest.raises(ValidationError) as error:
        amount.full_clean()

    assert "currency" in error.value.message_dict


@pytest.mark.django_db
def test_money_currency_is_upper_cased_and_read_as_money():
    amount = Amount(
        sanction=SanctionFactory(kind=Sanction.Kind.FINE, term_months=None),
        amount=Decimal("250000000.00"),
        currency="usd",
        qualifier="more_than",
    )

    amount.full_clean()
    amount.save()
    amount.refresh_from_db()

    assert amount.money == Money(Decimal("250000000.00"), "USD", "more_than")
    assert amount.money.as_dict() == {
        "amount": "250000000",
        "currency": "USD",
        "qualifier": "more_than",
    }
    assert str(amount.money) == "more than USD 250 million"


@pytest.mark.parametrize(
    ("amount", "currency", "qualifier", "said"),
    [
        ("250000000", "USD", "more_than", "more than USD 250 million"),
        ("7700000", "EUR", "exact", "EUR 7.7 million"),
        ("288000000", "KZT", "about", "about KZT 288 million"),
        ("1500000000", "USD", "up_to", "up to USD 1.5 billion"),
        ("1234567.89", "CHF", "at_least", "at least CHF 1,234,567.89"),
        ("45000", "GBP", "exact", "GBP 45,000"),
    ],
)
def test_money_reads_as_people_say_it(amount, currency, qualifier, said):
    assert str(Money(Decimal(amount), currency, qualifier)) == said


def test_money_exports_the_figure_without_a_zero_fraction():
    assert Money(Decimal("7700000.50"), "EUR").as_dict()["amount"] == "7700000.50"
    assert Money(Decimal("48000000.00"), "USD").as_dict()["amount"] == "48000000"


@pytest.mark.django_db
def test_money_rejects_an_unknown_currency_as_a_field_error():
    amount = Amount(sanction=SanctionFactory(), amount=Decimal("10"), currency="XYZ")

    with pytest.raises(ValidationError) as error:
        amount.full_clean()

    assert "currency" in error.value.message_dict


def test_amount_field_is_a_decimal_not_a_float():
    field = Amount._meta.get_field("amount")

    assert field.get_internal_type() == "DecimalField"
    assert field.decimal_places == 2
