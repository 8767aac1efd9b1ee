"""API pagination: page numbers that stay fast at any depth.

`page` and `page_size` work as the contract says. Two things keep deep pages cheap:

- A deep page by number first reads only the ids of its rows (a walk along the
  ordering's index, nothing joined), then loads those rows with everything they
  embed. Without it the database joins and sorts every row it skips. Past the
  first ``ANCHOR_EVERY`` rows the walk starts from the nearest anchor: the keys
  of every 1,000th row, read once per data version (``DeferredJoinPaginator``).
- A `next` or `previous` link that points past the first ``KEYSET_FROM`` rows
  carries an opaque `cursor` instead of a page number: the sort keys of the row it
  continues from. Following it seeks straight to that row, so walking a whole list
  costs the same per page on page 2,000 as on page 2 (keyset pagination).

Orderings end with the primary key, so the keys always name exactly one row, and
nullable fields sort their empty values last in either direction, on every
database (``normalise_ordering``).
"""

import base64
import binascii
import itertools
import json

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import RowNumber
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property
from django.utils.translation import gettext
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .. import cache

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
KEYSET_FROM = 1000  # rows: links beyond this offset carry a cursor
DEFERRED_FROM = 200  # rows: a page by number past this offset reads its ids first
ANCHOR_EVERY = 1000  # rows: deep pages by number seek to the nearest anchor


def positive_int(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(
            {name: [gettext("A whole number is required.")]}
        ) from None
    if value < 1:
        raise ValidationError({name: [gettext("Must be 1 or more.")]})
    if maximum is not None and value > maximum:
        raise ValidationError(
            {name: [gettext("Must be at most %(maximum)d.") % {"maximum": maximum}]}
        )
    return value


def normalise_ordering(model, ordering):
    """``ordering`` ("-opened", "title", "id") with empty values of nullable fields
    last whichever the direction, the same on SQLite and PostgreSQL."""
    normalised = []
    for item in ordering:
        if not isinstance(item, str):
            normalised.append(item)
            continue
        name = item.lstrip("-")
        descending = item.startswith("-")
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            normalised.append(item)
            continue
        if field.null:
            expression = F(name)
            normalised.append(
                expression.desc(nulls_last=True)
                if descending
                else expression.asc(nulls_last=True)
            )
        else:
            normalised.append(item)
    return normalised


def keyset_fields(queryset):
    """[(field, descending)] when ``queryset``'s order can be continued from a row's
    keys (plain local fields, ending with the primary key); otherwise None."""
    if not isinstance(queryset, QuerySet):
        return None
    meta = queryset.model._meta
    fields = []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            name, descending = item.lstrip("-"), item.startswith("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            name, descending = item.expression.name, item.descending
            if meta.get_field(name).null and not item.nulls_last:
                return None
        else:
            return None
        if "__" in name:
            return None
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.is_relation:
            return None
        fields.append((field, descending))
    if not fields or fields[-1][0] != meta.pk:
        return None
    return fields


def past(fields, values, forward=True):
    """Rows strictly after (``forward``) or before the row with these keys, in the
    order of ``fields``, where empty values sort last."""
    condition = Q(pk__in=[])
    equal = Q()
    for (field, descending), value in zip(fields, values, strict=True):
        name = field.attname
        if value is None:
            # nothing sorts after the empty values; every value sorts before them
            beyond = Q(pk__in=[]) if forward else Q(**{f"{name}__isnull": False})
        else:
            # "<" walking a descending order forward, or an ascending one back
            smaller = descending == forward
            beyond = Q(**{f"{name}__{'lt' if smaller else 'gt'}": value})
            if forward and field.null:
                beyond |= Q(**{f"{name}__isnull": True})
        condition |= equal & beyond
        equal &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
    return condition


def reversed_ordering(fields):
    ordering = []
    for field, descending in fields:
        expression = F(field.attname)
        if field.null:
            # the reverse of "empty last" is "empty first"
            ordering.append(
                expression.asc(nulls_first=True)
                if descending
                else expression.desc(nulls_first=True)
            )
        else:
            ordering.append(expression.asc() if descending else expression.desc())
    return ordering


def load(queryset, ids):
    """The rows of ``queryset`` with these ids, in this order."""
    # The ids passed the filters: load them by primary key alone, or the planner
    # may walk a filter's index instead. Joins the filters added stay (each of
    # these rows has a partner in them); duplicates fold in the dict.
    loader = queryset.order_by()
    loader.query.where = WhereNode()
    loaded = {row.pk: row for row in loader.filter(pk__in=ids)}
    return [loaded[pk] for pk in ids]


def seek(queryset, fields, values, forward, size, ids=False):
    """The ``size`` rows after (or before) the row with these keys, in the
    queryset's order; their ids only with ``ids``.

    The keyset condition is an OR of comparisons, which no planner turns into an
    index range by itself; a redundant bound on the first field does ("opened on
    or before this date"). A bound leaves out empty values, so when the page
    reaches them (they sort last) a second query reads on among them.
    """
    (first, descending), value = fields[0], values[0]
    name = first.attname
    rows = queryset.filter(past(fields, values, forward))
    if forward:
        ordering = queryset.query.order_by
        comparison = "lte" if descending else "gte"
    else:
        ordering = reversed_ordering(fields)
        comparison = "gte" if descending else "lte"
    tail = None
    if value is None:
        # among the empty values: forward there is nothing else; backward, every
        # row with a value comes next
        main = rows.filter(**{f"{name}__isnull": True})
        if not forward:
            tail = rows.filter(**{f"{name}__isnull": False})
    else:
        main = rows.filter(**{f"{name}__{comparison}": value})
        if forward and first.null:
            tail = rows.filter(**{f"{name}__isnull": True})
    parts = [part.order_by(*ordering) for part in (main, tail) if part is not None]
    if ids:
        parts = [part.values_list("pk", flat=True) for part in parts]
    found = list(parts[0][:size])
    if len(parts) > 1 and len(found) < size:
        found += parts[1][: size - len(found)]
    return found if forward else found[::-1]


def anchors(queryset, fields):
    """The keys of every ANCHOR_EVERY-th row of ``queryset`` (the last row of
    each block of ANCHOR_EVERY), read in one pass with a window function."""
    names = [field.attname for field, _ in fields]
    numbered = (
        queryset.annotate(
            position=Window(RowNumber(), order_by=queryset.query.order_by)
        )
        .order_by()
        .values_list("position", *names)
    )
    count = cache.cached_count(queryset)
    wanted = list(range(ANCHOR_EVERY, count + 1, ANCHOR_EVERY))
    found = {row[0]: list(row[1:]) for row in numbered.filter(position__in=wanted)}
    # all of them, unless an edit landed between the count and this read
    return list(itertools.takewhile(bool, (found.get(p) for p in wanted)))


class DeferredJoinPaginator(Paginator):
    """Django's paginator, with deep pages that cost little more than the first.

    Past DEFERRED_FROM rows a page reads its ids first (an index walk with nothing
    joined) and then loads its rows by id. Past ANCHOR_EVERY rows, when the order
    allows it, the walk does not even start from the top: the keys of every
    ANCHOR_EVERY-th row are kept per data version (proceedings.cache), and the page
    seeks to the anchor before it and skips fewer than ANCHOR_EVERY rows. Lists
    are counted once per data version too.
    """

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return cache.cached_count(self.object_list)
        return len(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = self.object_list
        if bottom < DEFERRED_FROM or not isinstance(rows, QuerySet):
            return self._get_page(rows[bottom:top], number, self)
        fields = keyset_fields(rows)
        block = bottom // ANCHOR_EVERY
        found = []
        if fields is not None and block and cache.counts_enabled():
            found = cache.per_version(
                "anchors", rows, lambda: anchors(rows, fields), []
            )
        if block and len(found) >= block:
            skip = bottom - block * ANCHOR_EVERY
            ids = seek(
                rows, fields, found[block - 1], True, skip + top - bottom, ids=True
            )
            ids = ids[skip:]
        else:
            ids = list(rows.values_list("pk", flat=True)[bottom:top])
        return self._get_page(load(rows, ids), number, self)


class StrictPagination(PageNumberPagination):
    """Page numbers; a bad `page`, `page_size` or `cursor` is an error, not
    silently fixed. Deep links carry a cursor (module docstring)."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"
    django_paginator_class = DeferredJoinPaginator

    def get_page_size(self, request):
        return positive_int(request, "page_size", self.page_size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = (
                    f"Results per page: {self.page_size} unless given, at most "
                    f"{self.max_page_size}."
                )
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Where a deep `next` or `previous` link continues from. Opaque: "
                    "take it from those links, in place of `page`."
                ),
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+={0,2}$"},
            }
        )
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.fields = keyset_fields(queryset)
        self.page_size_value = self.get_page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            return self.paginate_by_cursor(queryset, request, cursor)
        positive_int(request, "page", 1)
        try:
            rows = super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound({"page": [gettext("There is no such page.")]}) from None
        self.number = self.page.number
        self.total = self.page.paginator.count
        self.rows = list(rows)
        return self.rows

    # --- cursors -------------------------------------------------------------------

    def paginate_by_cursor(self, queryset, request, cursor):
        if request.query_params.get(self.page_query_param):
            raise ValidationError(
                {"cursor": [gettext("Give page or cursor, not both.")]}
            )
        if self.fields is None:
            raise ValidationError(
                {"cursor": [gettext("This list is paged by number only.")]}
            )
        self.number, forward, values = self.decode(cursor)
        rows = seek(queryset, self.fields, values, forward, self.page_size_value)
        self.total = cache.cached_count(queryset)
        self.rows = rows
        self.page = None
        return rows

    def encode(self, number, forward, row):
        position = {
            "n": number,
            "f": forward,
            "o": self.signature(),
            "k": [field.value_to_string(row) for field, _ in self.fields],
            "e": [getattr(row, field.attname) is None for field, _ in self.fields],
        }
        return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()

    def decode(self, cursor):
        error = ValidationError(
            {
                "cursor": [
                    gettext(
                        "Not a cursor of this list: take it from a next or previous "
                        "link."
                    )
                ]
            }
        )
        try:
            position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
            number, forward = position["n"], position["f"]
            keys, empty = position["k"], position["e"]
            if (
                position["o"] != self.signature()
                or not isinstance(number, int)
                or number < 1
                or not isinstance(forward, bool)
                or len(keys) != len(self.fields)
                or len(empty) != len(self.fields)
            ):
                raise error
            values = [
                None if is_empty else field.to_python(key)
                for (field, _), key, is_empty in zip(
                    self.fields, keys, empty, strict=True
                )
            ]
            if any(
                isinstance(value, int) and not -(2**63) <= value < 2**63
                for value in values
            ):
                raise error  # no database column holds it
        except (ValueError, TypeError, KeyError, binascii.Error, DjangoValidationError):
            raise error from None
        return number, forward, values

    def signature(self):
        return ",".join(
            ("-" if descending else "") + field.attname
            for field, descending in self.fields
        )

    # --- links ---------------------------------------------------------------------

    def has_next(self):
        return self.number * self.page_size_value < self.total and bool(self.rows)

    def get_next_link(self):
        if not self.has_next():
            return None
        number = self.number + 1
        if (
            self.fields is not None
            and (number - 1) * self.page_size_value >= KEYSET_FROM
        ):
            return self.cursor_link(self.encode(number, True, self.rows[-1]))
        return self.number_link(number)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        number = self.number - 1
        if (
            self.fields is not None
            and (number - 1) * self.page_size_value >= KEYSET_FROM
            and self.rows
        ):
            return self.cursor_link(self.encode(number, False, self.rows[0]))
        return self.number_link(number)

    def base_url(self):
        url = self.request.build_absolute_uri()
        url = remove_query_param(url, self.cursor_query_param)
        return remove_query_param(url, self.page_query_param)

    def number_link(self, number):
        if number == 1:
            return self.base_url()
        return replace_query_param(self.base_url(), self.page_query_param, number)

    def cursor_link(self, cursor):
        return replace_query_param(self.base_url(), self.cursor_query_param, cursor)

    def to_html(self):
        return "" if self.page is None else super().to_html()

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.total,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )
