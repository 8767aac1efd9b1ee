"""FilterSets, one per resource, shared by the API and the public list pages.

Every filter that names another record takes its slug and accepts only published
records, so an unknown or unpublished slug is a clear "not a valid choice" error.
"""

import datetime
import functools
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case as CaseExpression
from django.db.models import IntegerField, Q, When
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.fields import IsoDateTimeField, RangeField
from django_filters.widgets import DateRangeWidget, RangeWidget, SuffixedMultiWidget
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail

from . import facets as faceting
from . import search
from .fields import PartialDate, currency_choices
from .models import (
    Accused,
    Amount,
    Case,
    Charge,
    Court,
    Disposition,
    Event,
    Participation,
    Party,
    Relationship,
    Ruling,
    Sanction,
    Source,
    country_choices,
)
from .querysets import decided_by


class SearchQueryField(forms.CharField):
    """A reader's search query, checked by the search service."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return value
        try:
            return search.clean_query(value)
        except search.SearchQueryError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is an error, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in {"true", "1", "yes"}:
            return True
        if lowered in {"false", "0", "no"}:
            return False
        raise forms.ValidationError(gettext("Use true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(
                choices=[("", _("any")), ("true", _("yes")), ("false", _("no"))]
            ),
        )
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    """A year as a whole number from 1 to 9999."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=9999, **kwargs)


class LabelledRangeWidget(RangeWidget):
    """A range's two boxes, each labelled on the pages ("at least", "at most")."""

    template_name = "proceedings/widgets/range.html"
    bound_labels = (_("at least"), _("at most"))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for widget, label in zip(
            context["widget"]["subwidgets"], self.bound_labels, strict=True
        ):
            widget["bound_label"] = label
        return context


class LabelledDateRangeWidget(LabelledRangeWidget):
    suffixes = DateRangeWidget.suffixes
    bound_labels = (_("from"), _("to"))

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [
            forms.TextInput(
                attrs={"placeholder": _("2018, October 2018 or 2018-10-08")}
            )
            for _bound in self.suffixes
        ]


# The forms a date bound may take, as the schema states them (the calendar
# itself is checked when the value is read).
DATE = (
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
    "|^([0-9]{1,2} )?[A-Za-z]{3,9}[.]?,? [0-9]{4}$"
    "|^[A-Za-z]{3,9}[.]? [0-9]{1,2},? [0-9]{4}$"
)
NOT_A_DATE = _(
    "Not a date: “%(value)s”. Type 2018, October 2018, 8 October 2018 or 2018-10-08."
)


class PartialDateBoundField(forms.CharField):
    """One bound of a date range, typed as the admin takes dates: "2018",
    "October 2018", "8 October 2018", "2018-10-08". A lower bound is the first
    day of that period, an upper bound its last: "to 2018" includes December
    2018, as a reader means it."""

    def __init__(self, *, end, **kwargs):
        self.end = end
        super().__init__(max_length=40, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            period = PartialDate.parse(value)
        except ValueError:
            raise ValidationError(
                NOT_A_DATE, code="invalid", params={"value": value}
            ) from None
        return period.end if self.end else period.date


class PartialDateRangeField(RangeField):
    widget = LabelledDateRangeWidget

    def __init__(self, *args, **kwargs):
        fields = (PartialDateBoundField(end=False), PartialDateBoundField(end=True))
        super().__init__(fields, *args, **kwargs)

    def compress(self, data_list):
        if data_list and None not in data_list and data_list[0] > data_list[1]:
            raise ValidationError(
                _("The first date is after the second: swap them."), code="order"
            )
        return super().compress(data_list)


@extend_schema_field({"type": "string", "pattern": DATE, "example": "2018-10"})
class DateFromToFilter(django_filters.RangeFilter):
    """`<name>_after` and `<name>_before`: in or after, in or before a period
    ("2018", "October 2018", "2018-10-08")."""

    field_class = PartialDateRangeField


AMOUNT = "^-?[0-9]{1,18}([.][0-9]{1,2})?$"  # what the schema promises


class AmountField(forms.DecimalField):
    """An amount as the schema states it: digits, at most two decimals. (A
    DecimalField alone also takes "5e+16", which the schema does not allow.)"""

    def __init__(self, **kwargs):
        super().__init__(max_digits=20, decimal_places=2, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not re.match(AMOUNT, str(value).strip()):
            raise ValidationError(
                _(
                    "Enter an amount in digits, with at most two decimals: 250000 or "
                    "7700000.50."
                ),
                code="invalid",
            )
        return super().to_python(value)


class AmountRangeField(RangeField):
    """Two amounts that fit the stored ones: up to 18 digits and 2 decimals."""

    widget = LabelledRangeWidget

    def __init__(self, *args, **kwargs):
        super().__init__((AmountField(), AmountField()), *args, **kwargs)


@extend_schema_field({"type": "string", "pattern": AMOUNT, "example": "250000"})
class AmountRangeFilter(django_filters.RangeFilter):
    """`<name>_min` and `<name>_max`: an amount of at least and at most."""

    field_class = AmountRangeField


class QueryFilter(django_filters.CharFilter):
    """A free-text query, checked like a search (length, control characters)."""

    field_class = SearchQueryField


class SearchFilter(QueryFilter):
    """``q``: records matching the search service, in its rank order."""

    def __init__(self, result_type, **kwargs):
        self.result_type = result_type
        kwargs.setdefault(
            "help_text",
            "Search by any spelling of a name, a number or citation, or words; "
            "results come in search rank order unless `ordering` is given.",
        )
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        ids = search.search(value, types=[self.result_type]).pks()
        rank = CaseExpression(
            *[When(pk=pk, then=position) for position, pk in enumerate(ids)],
            default=len(ids),
            output_field=IntegerField(),
        )
        return queryset.filter(pk__in=ids).annotate(search_rank=rank)


def _published(model):
    return lambda request: model.objects.published()


# How many records a name may match before a reader is asked to choose.
CANDIDATES = 8


class RecordChoiceField(django_filters.fields.ModelChoiceField):
    """A published record named by its slug; with ``by_name`` (the pages), also
    by its name under any spelling the search knows, so a reader types
    "Khrapunov" rather than a slug. A name that fits several records is an error
    listing them (``candidates``), each a link on the page: no JavaScript."""

    def __init__(self, *args, by_name=False, result_type=None, **kwargs):
        self.by_name = by_name and result_type is not None
        self.result_type = result_type
        self.candidates = []
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        record = self.queryset.filter(slug=value).first()
        if record is not None:
            return record
        noun = self.queryset.model._meta.verbose_name
        if not self.by_name:
            raise ValidationError(
                _("No published %(noun)s has the slug “%(value)s”."),
                code="invalid_choice",
                params={"noun": noun, "value": value},
            )
        return self.named(value, noun)

    def named(self, value, noun):
        try:
            pks = search.search(value, types=[self.result_type]).pks()
        except search.SearchQueryError as error:
            raise ValidationError(str(error), code="invalid") from None
        found = self.queryset.in_bulk(pks[:CANDIDATES])
        records = [found[pk] for pk in pks[:CANDIDATES] if pk in found]
        exact = [r for r in records if search.fold(r) == search.fold(value)]
        if len(records) == 1 or len(exact) == 1:
            return (exact or records)[0]
        if not records:
            raise ValidationError(
                _("No published %(noun)s is called “%(value)s”, under any spelling."),
                code="invalid_choice",
                params={"noun": noun, "value": value},
            )
        self.candidates = records
        more = len(pks) > CANDIDATES
        raise ValidationError(
            _("“%(value)s” fits more than %(count)d %(nouns)s: choose one.")
            if more
            else _("“%(value)s” fits %(count)d %(nouns)s: choose one."),
            code="ambiguous",
            params={
                "value": value,
                "count": len(records),
                "nouns": self.queryset.model._meta.verbose_name_plural,
            },
        )


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"})
class SlugFilter(django_filters.ModelChoiceFilter):
    """A published record named by its slug (on the pages, or by its name)."""

    field_class = RecordChoiceField


class CaseInsensitiveChoiceField(django_filters.fields.ChoiceField):
    """A code (country, currency) in any case: `usd` is USD. A wrong one is
    answered with what to type."""

    def __init__(self, *args, invalid_hint, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = invalid_hint

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if value else value


class CodeFilter(django_filters.ChoiceFilter):
    """A code, in any case; a wrong one is answered with ``hint``."""

    field_class = CaseInsensitiveChoiceField
    hint = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_hint", self.hint)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "enum": [code for code, _ in countries]})
class CountryFilter(CodeFilter):
    """An ISO 3166-1 alpha-2 country code, in any case."""

    hint = _(
        "“%(value)s” is not a country code: use a two-letter ISO 3166-1 code, "
        "such as KZ, CH or GB."
    )


@extend_schema_field(
    {"type": "string", "enum": [code for code, _ in currency_choices()]}
)
class CurrencyFilter(CodeFilter):
    """An ISO 4217 currency code, in any case."""

    hint = _(
        "“%(value)s” is not a currency code: use a three-letter ISO 4217 code, "
        "such as USD, EUR or CHF."
    )


class ListedChoiceField(django_filters.fields.ChoiceField):
    """A choice whose error lists what may be typed."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as error:
            choices = ", ".join(str(key) for key, _label in self.choices if key)
            raise ValidationError(
                _("“%(value)s” is not one of the choices: %(choices)s."),
                code="invalid_choice",
                params={"value": value, "choices": choices},
            ) from error


class ListedChoiceFilter(django_filters.ChoiceFilter):
    field_class = ListedChoiceField


def slug_filter(model, field_name, help_text, **kwargs):
    if model is not Court:
        # On the list pages, a text box for a name (or slug) rather than a
        # <select> of every party or case (there may be hundreds of thousands).
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": _("name or slug")})
        )
    result_type = {
        Case: search.ResultType.CASE,
        Party: search.ResultType.PARTY,
        Court: search.ResultType.COURT,
    }[model]
    return SlugFilter(
        queryset=_published(model),
        to_field_name="slug",
        field_name=field_name,
        help_text=help_text,
        result_type=result_type,
        **kwargs,
    )


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 timestamp, turned into UTC before it reaches the database
    (PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                gettext("This timestamp is out of range."), code="invalid"
            ) from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


def _suffixes(filter_):
    """A range filter's parameter suffixes ("after", "before"), or None."""
    widget = filter_.field_class.widget
    if isinstance(widget, type) and issubclass(widget, SuffixedMultiWidget):
        return widget.suffixes
    return None


class PublicFilterSet(django_filters.FilterSet):
    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only records changed at or after this ISO 8601 timestamp, for "
        "incremental sync, e.g. 2026-01-31T00:00:00Z.",
    )

    # Filters that describe one thing together (a role and the case it is held
    # in; a currency and a range): {method: its filters}. Each such filter names
    # the method; the method runs once, with all of their values.
    together = {}

    # What each query parameter is called on the pages, the same on every list
    # (a filter declared with its own label keeps it). Without these,
    # django-filter makes labels from lookups: "Participations party",
    # "Updated at is greater than or equal to", "[invalid name]".
    LABELS = {
        "amount": _("Amount"),
        "case": _("Case"),
        "country": _("Country"),
        "court": _("Court or authority"),
        "currency": _("Currency"),
        "disposition": _("Outcome for an accused"),
        "in_absentia": _("Tried in absentia"),
        "judge": _("Judge"),
        "kind": _("Kind"),
        "outcome": _("Outcome"),
        "party": _("Party"),
        "publisher": _("Publisher"),
        "q": _("Search"),
        "related_to": _("Related to"),
        "role": _("Role"),
        "status": _("Status"),
        "updated_since": _("Changed since"),
        "year": _("Year opened"),
    }

    def __init__(self, *args, by_name=False, **kwargs):
        """``by_name``: a record filter also takes a name (the pages); the API
        takes only slugs, as its contract says."""
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            if filter_._label is None:
                filter_.label = self.LABELS[name]
            if isinstance(filter_, SlugFilter):
                filter_.extra["by_name"] = by_name
            if by_name:
                # Help texts speak to API clients (parameter names, formats);
                # a page's boxes carry their own placeholders.
                filter_.extra.pop("help_text", None)

    @classmethod
    @functools.cache
    def parameters(cls):
        """The query parameters the FilterSet reads: a range filter reads two
        (`opened` reads `opened_after` and `opened_before`). Fixed per class, so
        worked out once: every list request asks."""
        names = []
        for name, filter_ in cls.base_filters.items():
            suffixes = _suffixes(filter_)
            names += [f"{name}_{suffix}" for suffix in suffixes] if suffixes else [name]
        return tuple(names)

    def parameter_errors(self):
        """The form's errors keyed by query parameter, as the API reports them: a
        range filter's error goes to the bound whose value is wrong."""
        errors = {}
        for name, problems in self.form.errors.as_data().items():
            suffixes = _suffixes(self.filters[name]) if name in self.filters else None
            if not suffixes:
                errors[name] = problems
                continue
            field = self.form.fields[name]
            given = []
            for suffix, bound in zip(suffixes, field.fields, strict=True):
                parameter = f"{name}_{suffix}"
                if self.form.data.get(parameter) not in (None, ""):
                    given.append(parameter)
                try:
                    bound.clean(self.form.data.get(parameter))
                except forms.ValidationError as error:
                    errors[parameter] = error.error_list
            if not errors.keys() & set(given):
                errors.update(dict.fromkeys(given or [name], problems))
        return {
            name: [
                ErrorDetail(problem.message % (problem.params or ()), problem.code)
                for problem in problems
            ]
            for name, problems in errors.items()
        }

    # How the active filters read above the results: "Criminal cases in
    # Kazakhstan, tried in absentia". NOUN heads the sentence; KIND_NOUN, when
    # set, puts the kind before it; each filter adds a clause (PHRASES, with a
    # list's own in ``phrases``).
    NOUN = _("Records")
    KIND_NOUN = None
    PHRASES = {
        "case": _("in the case %(value)s"),
        "country": _("in %(value)s"),
        "court": _("before %(value)s"),
        "currency": _("with an amount in %(value)s"),
        "disposition": _("with an accused %(value)s"),
        "judge": _("with %(value)s among the judges"),
        "kind": _("of the kind “%(value)s”"),
        "outcome": _("with the outcome “%(value)s”"),
        "party": _("involving %(value)s"),
        "publisher": _("published by %(value)s"),
        "q": _("matching “%(value)s”"),
        "related_to": _("related to %(value)s"),
        "role": _("with a party as %(value)s"),
        "status": _("with the status “%(value)s”"),
        "updated_since": _("changed since %(value)s"),
        "year": _("opened in %(value)s"),
        "in_absentia": {
            True: _("tried in absentia"),
            False: _("not tried in absentia"),
        },
        "date": _("dated %(value)s"),
        "opened": _("opened %(value)s"),
        "amount": _("with an amount %(value)s"),
    }
    phrases = {}
    # A range in words, from what the reader typed: dates as typed ("October
    # 2018"), amounts as numbers.
    RANGES = {
        "date": (
            _("from %(start)s to %(stop)s"),
            _("in or after %(start)s"),
            _("in or before %(stop)s"),
        ),
        "amount": (
            _("from %(start)s to %(stop)s"),
            _("of at least %(start)s"),
            _("of at most %(stop)s"),
        ),
    }
    # Facets of this list (facets.py), in the order the pages show them.
    facets = ()

    def summary(self):
        """The active filters in words, or "" when none is active (or one is
        wrong: the form says what)."""
        if not self.is_bound or not self.is_valid():
            return ""
        data = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "")
            and not (
                isinstance(value, slice) and value.start is None and value.stop is None
            )
        }
        if not data:
            return ""
        head = self.NOUN
        if self.KIND_NOUN and "kind" in data:
            head = self.KIND_NOUN % {
                "kind": capfirst(self.shown("kind", data.pop("kind")))
            }
        if "amount" in data and "currency" in data:
            data.pop("currency")
            data["amount"] = (data["amount"], self.form.cleaned_data["currency"])
        clauses = [self.phrase(name, value, data) for name, value in data.items()]
        return " ".join([str(head), ", ".join(map(str, clauses))])

    def phrase(self, name, value, data):
        phrase = {**self.PHRASES, **self.phrases}[name]
        if isinstance(phrase, dict):
            return phrase[value]
        return phrase % {"value": self.shown(name, value)}

    def shown(self, name, value):
        """A cleaned value as a reader reads it."""
        field = self.form.fields[name]
        if isinstance(value, tuple):  # an amount range and its currency
            value, currency = value
            return f"{currency} {self.shown(name, value)}"
        if isinstance(value, slice):
            kind = "date" if isinstance(field, PartialDateRangeField) else "amount"
            both, start_only, stop_only = self.RANGES[kind]
            suffixes = _suffixes(self.filters[name])
            start, stop = (
                self.form.data.get(f"{name}_{suffix}", "").strip()
                if kind == "date"
                else bound
                for suffix, bound in zip(
                    suffixes, (value.start, value.stop), strict=True
                )
            )
            template = both if start and stop else start_only if start else stop_only
            return template % {"start": start, "stop": stop}
        if name == "country":
            return countries.name(value) or value
        if isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField
        ):
            return dict(field.choices).get(value, value)
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%d %H:%M UTC")
        return str(value)

    @classmethod
    def facet_counts(cls, queryset, names=None):
        """{facet: [facets.Value, …]} over ``queryset``, the filtered list."""
        return faceting.counts(cls.facets, queryset, names)

    def filter_queryset(self, queryset):
        grouped = {name for names in self.together.values() for name in names}
        data = self.form.cleaned_data
        for name, value in data.items():
            if name not in grouped:
                queryset = self.filters[name].filter(queryset, value)
        for method, names in self.together.items():
            values = {name: data.get(name) for name in names}
            if any(value not in (None, "") for value in values.values()):
                queryset = getattr(self, method)(queryset, **values)
        return queryset


def list_query(data):
    """A list's query without its page and order: its filters alone, as its
    feed follows them and its sort links start from."""
    query = data.copy()
    for name in ("page", "sort"):
        query.pop(name, None)
    return query


def deciding_court_filter(prefix, help_text):
    """The court that decided a ruling (``prefix`` leads from the record to the
    ruling): the ruling's own, else its case's (Ruling.deciding_court)."""

    def filter_court(queryset, name, value):
        return queryset.filter(decided_by(value, prefix))

    return slug_filter(Court, f"{prefix}court", help_text, method=filter_court)


def country_filter(field_name, help_text):
    return CountryFilter(
        field_name=field_name, choices=country_choices, help_text=help_text
    )


class AmountFilterMixin(django_filters.FilterSet):
    """`currency`, `amount_min` and `amount_max` describe one published amount,
    together. A record matches when one of its amounts is in that currency and
    range — the figure as the source states it, whatever its qualifier ("more
    than USD 250 million" is 250000000)."""

    currency = CurrencyFilter(
        choices=currency_choices,
        method="filter_amounts",
        help_text="ISO 4217 code of an amount, e.g. USD (usd is read as USD).",
    )
    amount = AmountRangeFilter(
        label=_("Amount"),
        method="filter_amounts",
        help_text=_(
            "`amount_min`, `amount_max`: an amount of at least, at most this (with "
            "`currency`: in that currency). The figure as stated: “more than USD 250 "
            "million” counts as 250000000."
        ),
    )

    def filter_amounts(self, queryset, currency=None, amount=None):
        amounts = Amount.objects.matching(
            currency=currency or None,
            amount_min=amount.start if amount else None,
            amount_max=amount.stop if amount else None,
        )
        return self.with_amounts(queryset, amounts)

    def with_amounts(self, queryset, amounts):
        raise NotImplementedError


class CourtFilter(PublicFilterSet):
    NOUN = _("Courts and authorities")
    facets = (
        faceting.country("country"),
        faceting.choice("kind", _("Kind"), "kind", Court.Kind.choices),
    )
    country = country_filter("country", "ISO 3166-1 alpha-2 code, e.g. KZ, CH, GB.")
    kind = ListedChoiceFilter(
        choices=Court.Kind.choices, help_text="Court, prosecutor or authority."
    )
    q = SearchFilter(search.ResultType.COURT)

    class Meta:
        model = Court
        fields = ["country", "kind", "q", "updated_since"]


class ParticipationFilterMixin:
    """`role` and the other side of a participation (`case` for parties, `party`
    for cases) describe one published participation, together."""

    other_side = None  # "case" or "party"

    def filter_participation(self, queryset, role=None, **other):
        roles = Participation.objects.published()
        if value := other.get(self.other_side):
            roles = roles.filter(**{self.other_side: value})
        if role:
            roles = roles.filter(role=role)
        mine = "party_id" if self.other_side == "case" else "case_id"
        return queryset.filter(pk__in=roles.values(mine))


class PartyFilter(ParticipationFilterMixin, PublicFilterSet):
    NOUN = _("Parties")
    phrases = {
        "case": _("taking part in %(value)s"),
        "role": _("as %(value)s"),
        "country": _("of %(value)s"),
    }
    facets = (
        faceting.choice("kind", _("Kind"), "kind", Party.Kind.choices),
        faceting.country("country"),
        faceting.roles("party"),
    )
    other_side = "case"
    together = {"filter_participation": ("case", "role")}

    kind = ListedChoiceFilter(
        choices=Party.Kind.choices, help_text="Person or kind of organisation."
    )
    country = country_filter("country", "Nationality or country of registration.")
    case = slug_filter(
        Case,
        "participations__case",
        "Parties taking part in this case (slug).",
        method="filter_participation",
    )
    role = ListedChoiceFilter(
        choices=Participation.Role.choices,
        method="filter_participation",
        help_text="Parties with this role in any case (or in `case`).",
    )
    related_to = slug_filter(
        Party,
        "relationships",
        "Parties in a relationship with this party (slug), at either end.",
        method="filter_related_to",
    )
    q = SearchFilter(search.ResultType.PARTY)

    class Meta:
        model = Party
        fields = ["kind", "country", "case", "role", "related_to", "q", "updated_since"]

    def filter_related_to(self, queryset, name, value):
        links = Relationship.objects.published().involving(value)
        return queryset.filter(
            Q(pk__in=links.values("subject_id")) | Q(pk__in=links.values("object_id"))
        ).exclude(pk=value.pk)


class CaseFilter(ParticipationFilterMixin, AmountFilterMixin, PublicFilterSet):
    NOUN = _("Cases")
    KIND_NOUN = _("%(kind)s cases")
    facets = (
        faceting.country("country"),
        faceting.Facet(
            "court", _("Court or authority"), "court__slug", label_path="court__name"
        ),
        faceting.choice("kind", _("Kind"), "kind", Case.Kind.choices),
        faceting.choice("status", _("Status"), "status", Case.Status.choices),
        faceting.roles("case"),
        faceting.year(_("Year opened"), "opened"),
    )

    def phrase(self, name, value, data):
        if name == "role" and "party" in data:
            return _("as %(value)s") % {"value": self.shown(name, value)}
        return super().phrase(name, value, data)

    other_side = "party"
    together = {
        "filter_participation": ("party", "role"),
        "filter_amounts": ("currency", "amount"),
    }

    court = slug_filter(Court, "court", "Cases before this court (slug).")
    country = country_filter(
        "country",
        "The case's jurisdiction (ISO 3166-1 alpha-2), set even when the court is "
        "unknown.",
    )
    kind = ListedChoiceFilter(choices=Case.Kind.choices, help_text="Kind.")
    status = ListedChoiceFilter(
        choices=Case.Status.choices, help_text="Where the proceeding stands."
    )
    party = slug_filter(
        Party,
        "participations__party",
        "Cases in which this party takes part (slug); with `role`, in that role.",
        method="filter_participation",
    )
    role = ListedChoiceFilter(
        choices=Participation.Role.choices,
        method="filter_participation",
        help_text="Cases with a party in this role (with `party`: that party).",
    )
    disposition = ListedChoiceFilter(
        choices=Disposition.choices,
        method="filter_disposition",
        help_text="Cases where an accused's charge was disposed of this way (with "
        "`party`: that party's), e.g. convicted, pleaded_guilty, dismissed.",
    )
    in_absentia = StrictBooleanFilter(
        help_text="true for trials held without the defendants present."
    )
    opened = DateFromToFilter(
        label=_("Opened"),
        help_text=_(
            "`opened_after`, `opened_before`: opened in or after, in or before this "
            "period: 2018-10-08, 2018-10, 2018, October 2018 or 8 October 2018. "
            "An upper bound includes its whole period (`opened_before=2018`: to "
            "31 December 2018). A case opened in “2014” counts as opened on "
            "2014-01-01."
        ),
    )
    year = YearFilter(field_name="opened__year", help_text="Opened in this year.")
    q = SearchFilter(search.ResultType.CASE)

    class Meta:
        model = Case
        fields = [
            "court",
            "country",
            "kind",
            "status",
            "party",
            "role",
            "disposition",
            "in_absentia",
            "opened",
            "year",
            "currency",
            "amount",
            "q",
            "updated_since",
        ]

    def filter_disposition(self, queryset, name, value):
        accused = Accused.objects.published().filter(disposition=value)
        if party := self.form.cleaned_data.get("party"):
            accused = accused.filter(party=party)
        return queryset.filter(pk__in=accused.values("charge__case_id"))

    def with_amounts(self, queryset, amounts):
        return queryset.filter(
            Q(
                pk__in=amounts.filter(charge__in=Charge.objects.published()).values(
                    "charge__case_id"
                )
            )
            | Q(
                pk__in=amounts.filter(sanction__in=Sanction.objects.published()).values(
                    "sanction__ruling__case_id"
                )
            )
            | Q(
                pk__in=amounts.filter(event__in=Event.objects.published()).values(
                    "event__case_id"
                )
            )
        )


class RulingFilter(PublicFilterSet):
    NOUN = _("Rulings")
    phrases = {"court": _("by %(value)s"), "case": _("in %(value)s")}
    facets = (
        faceting.country("case__country"),
        faceting.deciding_court(),
        faceting.choice("kind", _("Kind"), "kind", Ruling.Kind.choices),
        faceting.choice("outcome", _("Outcome"), "outcome", Ruling.Outcome.choices),
        faceting.year(_("Year"), "date", parameter="date"),
    )
    case = slug_filter(Case, "case", "Rulings in this case (slug).")
    court = deciding_court_filter("", "Rulings by this court (slug).")
    country = country_filter(
        "case__country", "The jurisdiction of the ruling's case (ISO 3166-1)."
    )
    kind = ListedChoiceFilter(choices=Ruling.Kind.choices, help_text="Kind.")
    outcome = ListedChoiceFilter(
        choices=Ruling.Outcome.choices, help_text="What was decided."
    )
    party = slug_filter(
        Party,
        "case__participations__party",
        "Rulings concerning this party (slug): in a case the party takes part in, "
        "or imposing a sanction on the party.",
        method="filter_party",
    )
    judge = slug_filter(Party, "judges", "Rulings decided by this judge (slug).")
    date = DateFromToFilter(
        label=_("Date"),
        help_text=_(
            "`date_after`, `date_before`: in or after, in or before this period: "
            "2018-10-08, 2018-10, 2018, October 2018 or 8 October 2018 (an upper "
            "bound includes its whole period). A ruling of “October 2018” counts "
            "as 2018-10-01."
        ),
    )
    q = SearchFilter(search.ResultType.RULING)

    class Meta:
        model = Ruling
        fields = [
            "case",
            "court",
            "country",
            "kind",
            "outcome",
            "party",
            "judge",
            "date",
            "q",
            "updated_since",
        ]

    def filter_party(self, queryset, name, value):
        cases = Participation.objects.published().filter(party=value)
        sanctions = Sanction.objects.published().filter(party=value)
        return queryset.filter(
            Q(case__in=cases.values("case_id"))
            | Q(pk__in=sanctions.values("ruling_id"))
        )


class SanctionFilter(AmountFilterMixin, PublicFilterSet):
    NOUN = _("Sanctions")
    phrases = {
        "party": _("on %(value)s"),
        "case": _("imposed in %(value)s"),
        "court": _("imposed by %(value)s"),
        "date": _("imposed %(value)s"),
    }
    facets = (
        faceting.country("ruling__case__country"),
        faceting.deciding_court("ruling__"),
        faceting.choice("kind", _("Kind"), "kind", Sanction.Kind.choices),
        faceting.choice("status", _("Status"), "status", Sanction.Status.choices),
        faceting.year(_("Year of the ruling"), "ruling__date", parameter="date"),
    )
    together = {"filter_amounts": ("currency", "amount")}
    party = slug_filter(Party, "party", "Sanctions on this party (slug).")
    case = slug_filter(Case, "ruling__case", "Sanctions imposed in this case (slug).")
    court = deciding_court_filter("ruling__", "Sanctions imposed by this court (slug).")
    country = country_filter(
        "ruling__case__country",
        "The jurisdiction of the case it was imposed in (ISO 3166-1).",
    )
    kind = ListedChoiceFilter(
        choices=Sanction.Kind.choices, help_text="What sort of sanction."
    )
    status = ListedChoiceFilter(
        choices=Sanction.Status.choices,
        help_text="Imposed, recommended, enforced, unenforced, vacated…",
    )
    date = DateFromToFilter(
        label=_("Date of the ruling"),
        field_name="ruling__date",
        help_text=_(
            "`date_after`, `date_before`: imposed by a ruling dated in or after, in "
            "or before this period: 2018-10-08, 2018-10, 2018, October 2018 or 8 "
            "October 2018 (an upper bound includes its whole period)."
        ),
    )

    class Meta:
        model = Sanction
        fields = [
            "party",
            "case",
            "court",
            "country",
            "kind",
            "status",
            "currency",
            "amount",
            "date",
            "updated_since",
        ]

    def with_amounts(self, queryset, amounts):
        return queryset.filter(pk__in=amounts.values("sanction_id"))


class RelationshipFilter(PublicFilterSet):
    NOUN = _("Relationships")
    facets = (faceting.choice("kind", _("Kind"), "kind", Relationship.Kind.choices),)
    party = slug_filter(
        Party,
        "subject",
        "Relationships with this party (slug) at either end.",
        method="filter_party",
    )
    kind = ListedChoiceFilter(
        choices=Relationship.Kind.choices, help_text="Kind of relationship."
    )

    class Meta:
        model = Relationship
        fields = ["party", "kind", "updated_since"]

    def filter_party(self, queryset, name, value):
        return queryset.involving(value)


class SourceFilter(PublicFilterSet):
    NOUN = _("Sources")
    facets = (faceting.choice("kind", _("Kind"), "kind", Source.Kind.choices),)
    kind = ListedChoiceFilter(
        choices=Source.Kind.choices, help_text="What sort of document."
    )
    publisher = django_filters.CharFilter(
        lookup_expr="iexact", help_text="Publisher, exactly (case-insensitive)."
    )
    q = QueryFilter(method="filter_q", help_text="Words in the title or publisher.")

    class Meta:
        model = Source
        fields = ["kind", "publisher", "q", "updated_since"]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(publisher__icontains=word)
            )
        return queryset
