"""Partial dates and money: value types and the model fields that store them.

A partial date is stored as a pair of ordinary columns so that the database can
sort, filter and constrain it: ``<name>`` (a DateField holding the first day of the
period) plus ``<name>_precision`` (day, month or year). ``PartialDateField``
declares such a pair in one line of a model; it is not a database field itself, so
migrations and django-simple-history only ever see the two real columns.
``partial_date_constraints()`` gives the named check constraints that keep each
pair consistent.

Money is a row of its own (``models.Amount``: amount, ISO 4217 currency and a
qualifier such as "more than"); ``Money`` is its value type.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    get_currency_name,
    list_currencies,
)
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from casetracker.locale import BABEL_LOCALES, babel_locale


class DatePrecision(models.TextChoices):
    DAY = "day", pgettext_lazy("date precision", "day")
    MONTH = "month", pgettext_lazy("date precision", "month")
    YEAR = "year", pgettext_lazy("date precision", "year")


def _interpolate(message, params):
    return str(message) % params


# A translatable message with named placeholders, filled in when it is read, in
# the language active then (``gettext_lazy("…") % {…}`` would be read at once,
# at import, before any language is chosen).
interpolate_lazy = lazy(_interpolate, str)


def _month_names():
    """Month names a date may be typed with, in each language of the site, as
    Babel knows them (full and short, as in a date and on their own, "октября"
    and "октябрь"): lower case → month number."""
    names = {}
    for language in BABEL_LOCALES.values():
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names[name.lower().rstrip(".")] = number
    for number in range(1, 13):
        for name in (calendar.month_name[number], calendar.month_abbr[number]):
            names[name.lower()] = number
    return names


_MONTHS = _month_names()
# What each precision shows (CLDR skeletons: each locale orders them its way).
_SKELETONS = {
    DatePrecision.DAY: "yMMMMd",
    DatePrecision.MONTH: "yMMMM",
    DatePrecision.YEAR: "y",
}
_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")
_MONTH = r"(?P<month>[^\W\d_]+)\.?"
_WORDS = re.compile(rf"^(?:(?P<day>\d{{1,2}})\s+)?{_MONTH},?\s+(?P<year>\d{{4}})$")
_US_WORDS = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$")
# Kazakh puts the year first: "2018 ж. 8 қазан", "2018 жылғы қазан".
_YEAR_FIRST = re.compile(rf"^(?P<year>\d{{4}})\s+(?:(?P<day>\d{{1,2}})\s+)?{_MONTH}$")
# Words for "year" after it ("2018 г.", "2018 ж.", "2018 жылғы"), left out.
_YEAR_WORDS = re.compile(r"(?<=\d)\s+(?:г|ж|жыл|жылғы)\.?(?=\s|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or only the year.

    ``date`` is the first day of the period ("October 2018" is 2018-10-01 with
    month precision), so that partial dates sort and filter as dates.
    """

    date: datetime.date
    precision: DatePrecision

    def __post_init__(self):
        precision = DatePrecision(self.precision)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "date", _truncate(self.date, precision))

    @classmethod
    def parse(cls, text):
        """Read "2018-10-08", "2018-10", "2018", "October 2018", "8 Oct 2018"…

        Raises ValueError with a readable message for anything else.
        """
        value = " ".join(_YEAR_WORDS.sub("", str(text)).split())
        if not value:
            raise ValueError(gettext("Enter a date."))
        year = month = day = None
        if match := _ISO.match(value):
            year, month, day = match["year"], match["month"], match["day"]
        elif match := (
            _WORDS.match(value) or _US_WORDS.match(value) or _YEAR_FIRST.match(value)
        ):
            month_number = _MONTHS.get(match["month"].lower())
            if month_number is None:
                raise ValueError(
                    gettext("“%(month)s” is not a month name.")
                    % {"month": match["month"]}
                )
            year, month, day = match["year"], month_number, match["day"]
        else:
            raise ValueError(
                gettext(
                    "“%(value)s” is not a date: use 2018-10-08, 2018-10, 2018 or "
                    "October 2018."
                )
                % {"value": value}
            )
        precision = (
            DatePrecision.DAY
            if day
            else DatePrecision.MONTH
            if month
            else DatePrecision.YEAR
        )
        try:
            date = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError as error:
            raise ValueError(
                gettext("“%(value)s” is not a valid date (%(error)s).")
                % {"value": value, "error": error}
            ) from None
        return cls(date, precision)

    def isoformat(self):
        """The ISO 8601 prefix for the precision: "2018-10-08", "2018-10", "2018"."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def __str__(self):
        """As readers of the active language see it, at its precision and no
        finer: "21 March 2018", "October 2018", "2014"; "21 марта 2018 г.",
        "октябрь 2018 г."; "2018 ж. 21 наурыз", "2018 ж. қазан" (Babel)."""
        skeleton = _SKELETONS[DatePrecision(self.precision)]
        return format_skeleton(skeleton, self.date, locale=babel_locale())

    def sort_key(self):
        """Earlier periods first; on the same start, the wider period first."""
        rank = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}
        return (self.date, rank[self.precision])

    def __lt__(self, other):
        return self.sort_key() < other.sort_key()

    @property
    def end(self):
        """The last day of the period."""
        if self.precision == DatePrecision.YEAR:
            return datetime.date(self.date.year, 12, 31)
        if self.precision == DatePrecision.MONTH:
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return datetime.date(self.date.year, self.date.month, last)
        return self.date


def _truncate(date, precision):
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


class _PartialDateAccessor:
    def __init__(self, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        date = getattr(instance, self.name)
        precision = getattr(instance, f"{self.name}_precision")
        if date is None or not precision:
            return None
        return PartialDate(date, precision)

    def __set__(self, instance, value):
        if isinstance(value, str):
            value = PartialDate.parse(value) if value.strip() else None
        setattr(instance, self.name, value.date if value else None)
        setattr(instance, f"{self.name}_precision", value.precision if value else "")


# The editor's hint a partial date's column adds to its help text, after a space.
FIRST_DAY_HINT = gettext_lazy(
    "Give the first day of the period when only the month or year is known."
)


class PartialDateField:
    """Declare a partial date: ``opened = PartialDateField("opened", help_text=…)``.

    Adds the columns ``opened`` (date) and ``opened_precision`` to the model, and
    ``opened_partial``, which reads and writes a ``PartialDate`` (or parses a
    string such as "October 2018").
    """

    def __init__(self, verbose_name, *, help_text, blank=True):
        self.blank = blank
        # Built here, not in contribute_to_class(), so that the two columns keep
        # the place in the model where the declaration stands.
        self.date_field = models.DateField(
            verbose_name,
            null=blank,
            blank=blank,
            help_text=format_lazy("{} {}", help_text, FIRST_DAY_HINT),
        )
        self.precision_field = models.CharField(
            interpolate_lazy(
                gettext_lazy("%(date)s precision"), {"date": verbose_name}
            ),
            max_length=5,
            choices=DatePrecision.choices,
            blank=blank,
            help_text=gettext_lazy(
                "How much of the date the source gives: the day, the month, "
                "or only the year."
            ),
        )

    def contribute_to_class(self, cls, name):
        cls.add_to_class(name, self.date_field)
        cls.add_to_class(f"{name}_precision", self.precision_field)
        setattr(cls, f"{name}_partial", _PartialDateAccessor(name))
        cls._partial_dates = (*getattr(cls, "_partial_dates", ()), name)


def partial_date_constraints(prefix, *names):
    """Named check constraints that keep each date and its precision consistent."""
    constraints = []
    for name in names:
        precision = f"{name}_precision"
        constraints += [
            models.CheckConstraint(
                condition=Q(**{f"{name}__isnull": True, precision: ""})
                | (Q(**{f"{name}__isnull": False}) & ~Q(**{precision: ""})),
                name=f"{prefix}_{name}_has_precision",
                violation_error_message=interpolate_lazy(
                    gettext_lazy(
                        "Give both the %(field)s date and its precision, or neither."
                    ),
                    {"field": name},
                ),
            ),
            models.CheckConstraint(
                condition=Q(**{f"{name}__isnull": True})
                | Q(**{precision: DatePrecision.DAY})
                | Q(**{precision: DatePrecision.MONTH, f"{name}__day": 1})
                | Q(**{precision: DatePrecision.YEAR, f"{name}__day": 1})
                & Q(**{f"{name}__month": 1}),
                name=f"{prefix}_{name}_starts_period",
                violation_error_message=interpolate_lazy(
                    gettext_lazy(
                        "A %(field)s date known to the month or year must be the "
                        "first day of that month or year."
                    ),
                    {"field": name},
                ),
            ),
        ]
    return constraints


def normalise_partial_dates(instance):
    """Truncate each partial date to the start of its period (for clean())."""
    for name in getattr(type(instance), "_partial_dates", ()):
        date = getattr(instance, name)
        precision = getattr(instance, f"{name}_precision")
        if date is not None and precision in DatePrecision.values:
            setattr(instance, name, _truncate(date, precision))


# --- Money -----------------------------------------------------------------------

CURRENCY_CODES = frozenset(code for code in list_currencies() if len(code) == 3)


def currency_choices():
    return sorted(
        (code, f"{code} — {get_currency_name(code, locale='en')}")
        for code in CURRENCY_CODES
    )


def validate_currency(value):
    if value and value.upper() not in CURRENCY_CODES:
        raise ValidationError(
            gettext_lazy(
                "“%(value)s” is not an ISO 4217 currency code (for example KZT, "
                "USD, CHF, EUR, GBP)."
            ),
            code="invalid_currency",
            params={"value": value},
        )


# How exact the source is, around the sum: "more than USD 250 million"; the
# translation decides where the words go ("%(money)s астам").
_QUALIFIED = {
    "more_than": gettext_lazy("more than %(money)s"),
    "at_least": gettext_lazy("at least %(money)s"),
    "about": gettext_lazy("about %(money)s"),
    "up_to": gettext_lazy("up to %(money)s"),
}
_SCALES = (
    (Decimal(10) ** 9, gettext_lazy("billion")),
    (Decimal(10) ** 6, gettext_lazy("million")),
)


def plain_amount(amount):
    """The amount as a string without a zero fraction: "250000000", "7700000.50"."""
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return str(amount)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount, its ISO 4217 currency, and how exact the source is."""

    amount: Decimal
    currency: str
    qualifier: str = "exact"

    def __str__(self):
        """As readers of the active language see it: "more than USD 250
        million", "KZT 288 million", "USD 1,234.50"; in Russian "более 250 млн
        долларов США"; in Kazakh "250 млн АҚШ доллары астам" (Babel, CLDR)."""
        locale = babel_locale()
        if locale == babel_locale(settings.LANGUAGE_CODE):
            money = self._in_english()
        else:
            money = self._in(locale)
        qualified = _QUALIFIED.get(self.qualifier)
        return str(qualified) % {"money": money} if qualified else money

    def _round(self):
        """The scale the amount is a round number of (a million, a billion), or
        None."""
        for scale, word in _SCALES:
            if self.amount >= scale and (self.amount * 100 / scale) % 1 == 0:
                return scale, word
        return None

    def _in_english(self):
        figure = f"{self.amount:,}"
        if rounded := self._round():
            scale, word = rounded
            figure = f"{(self.amount / scale).normalize():f} {word}"
        elif self.amount == self.amount.to_integral_value():
            figure = f"{self.amount.quantize(Decimal(1)):,}"
        return f"{self.currency} {figure}"

    def _in(self, locale):
        if self._round():
            figure = format_compact_decimal(
                self.amount, format_type="short", locale=locale, fraction_digits=2
            )
            name = get_currency_name(self.currency, count=self.amount, locale=locale)
            return f"{figure} {name}"
        return format_currency(self.amount, self.currency, locale=locale)

    def as_dict(self):
        return {
            "amount": plain_amount(self.amount),
            "currency": self.currency,
            "qualifier": self.qualifier,
        }


def normalise_money(instance):
    """Upper-case currency codes (for clean())."""
    for _amount, currency in getattr(type(instance), "money_fields", ()):
        code = getattr(instance, currency)
        if code:
            setattr(instance, currency, code.strip().upper())
