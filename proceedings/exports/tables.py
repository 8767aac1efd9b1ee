"""The published data as flat tables: one CSV per kind of record, ids to join on.

Each ``Table`` says where its rows come from (a ``published()`` queryset) and what
its columns are. A column built from a model field takes the field's help text as
its description, so the README.txt shipped beside the CSVs is generated, not
written twice. Partial dates are two columns (``opened`` "2018-10" and
``opened_precision`` "month"); money is a row of ``amounts`` (amount, currency,
qualifier); a list of related records (sources, judges) is their ids joined by
";". A reference to something the public may not see (an unpublished case, a
confidential source) is left empty.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.encoding import force_str

from .. import models as m
from ..fields import FIRST_DAY_HINT, plain_amount
from .batches import chunks, linked


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: object  # row -> value; or None, and ``batch`` gives the values
    refers: str | None = None  # the table whose ids the column holds
    batch: object = None  # [row] -> {row id: value}, for a whole batch at once


TABLE_OF = {
    "Case": "cases",
    "Party": "parties",
    "Court": "courts",
    "Charge": "charges",
    "Ruling": "rulings",
    "Sanction": "sanctions",
    "Event": "events",
    "Source": "sources",
}


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    rows: object  # () -> queryset
    columns: tuple

    def records(self):
        """Each row's values, as strings, in primary-key order; streamed."""
        for rows in chunks(self.rows()):
            found = {c.name: c.batch(rows) for c in self.columns if c.batch}
            for row in rows:
                yield [
                    text(
                        found[column.name].get(row.pk)
                        if column.batch
                        else column.value(row)
                    )
                    for column in self.columns
                ]

    @property
    def header(self):
        return [column.name for column in self.columns]


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_amount(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


def help_of(model, name):
    return force_str(model._meta.get_field(name).help_text)


def field(model, name):
    """A column holding the field's value as stored (a choice's code)."""
    return Column(name, help_of(model, name), lambda row: getattr(row, name))


def fields(model, *names):
    return [field(model, name) for name in names]


def reference(model, name):
    """``<name>_id``: the id of the related row, in the table of its kind."""
    related = model._meta.get_field(name)
    table = TABLE_OF[related.related_model.__name__]
    return Column(
        related.attname,
        f"Id in {table}.csv: {help_of(model, name)}",
        lambda row: getattr(row, related.attname),
        refers=table,
    )


def public_source(model, name="source"):
    """The id of a source, empty when the source is confidential."""

    def value(row):
        source = getattr(row, name)
        return source.pk if source is not None and source.is_public else None

    return Column(
        f"{name}_id", f"Id in sources.csv: {help_of(model, name)}", value, "sources"
    )


def partial(model, name):
    """Two columns: the date as an ISO prefix, and its precision."""
    help_text = help_of(model, name).removesuffix(f" {FIRST_DAY_HINT}")

    def iso(row):
        value = getattr(row, f"{name}_partial")
        return value.isoformat() if value else None

    return [
        Column(
            name,
            f"{help_text} An ISO 8601 prefix at the precision known: 2018-10-08, "
            "2018-10 or 2018.",
            iso,
        ),
        Column(
            f"{name}_precision",
            f"How precise {name} is: day, month or year; empty when unknown.",
            lambda row: getattr(row, f"{name}_precision"),
        ),
    ]


def id_list(name, table, model, relation):
    """The ids of the published records a many-to-many relation links to,
    joined by ";"."""
    return Column(
        name,
        f"Ids in {table}.csv, joined by “;”: {help_of(model, relation)}",
        None,
        refers=table,
        batch=lambda rows: {
            pk: ";".join(map(str, ids)) for pk, ids in linked(rows, relation).items()
        },
    )


def source_ids(model):
    return id_list("source_ids", "sources", model, "sources")


ID = Column("id", "The record's id; stable across exports.", lambda row: row.pk)


def updated(model):
    return field(model, "updated_at")


def tables():
    return (
        Table(
            "cases",
            "Proceedings: one case before one court or authority.",
            lambda: m.Case.objects.published().with_court(),
            (
                ID,
                *fields(m.Case, "slug", "number", "title"),
                reference(m.Case, "court"),
                *fields(m.Case, "country", "kind", "status"),
                *partial(m.Case, "opened"),
                *partial(m.Case, "closed"),
                *fields(m.Case, "in_absentia", "summary"),
                Column(
                    "appeal_of_id",
                    f"Id in cases.csv: {help_of(m.Case, 'appeal_of')}",
                    lambda row: row.appeal_of_id if row.appeal_of_slug else None,
                    refers="cases",
                ),
                id_list("related_case_ids", "cases", m.Case, "related_cases"),
                source_ids(m.Case),
                updated(m.Case),
            ),
        ),
        Table(
            "parties",
            "People and organisations that take part in proceedings.",
            lambda: m.Party.objects.published(),
            (
                ID,
                *fields(m.Party, "slug", "name", "kind", "gender"),
                *partial(m.Party, "birth_date"),
                *fields(m.Party, "country", "description", "wikidata_qid"),
                source_ids(m.Party),
                updated(m.Party),
            ),
        ),
        Table(
            "party_names",
            "Other names of parties: other scripts, transliterations, former names.",
            lambda: m.PartyName.objects.published(),
            (
                ID,
                reference(m.PartyName, "party"),
                *fields(m.PartyName, "name", "kind", "language", "script", "note"),
            ),
        ),
        Table(
            "courts",
            "Courts, prosecutors and authorities that decide.",
            lambda: m.Court.objects.published(),
            (
                ID,
                *fields(m.Court, "slug", "name", "short_name", "country", "kind"),
                field(m.Court, "level"),
                reference(m.Court, "parent"),
                field(m.Court, "website"),
                updated(m.Court),
            ),
        ),
        Table(
            "court_names",
            "Other names of courts: in their own language, former names.",
            lambda: m.CourtName.objects.published().select_related("source"),
            (
                ID,
                reference(m.CourtName, "court"),
                *fields(m.CourtName, "name", "kind", "language"),
                public_source(m.CourtName),
                field(m.CourtName, "note"),
            ),
        ),
        Table(
            "participations",
            "Who takes part in which case, in which role.",
            lambda: m.Participation.objects.published(),
            (
                ID,
                reference(m.Participation, "case"),
                reference(m.Participation, "party"),
                *fields(m.Participation, "role", "name_in_case"),
                reference(m.Participation, "represents"),
                *partial(m.Participation, "start"),
                *partial(m.Participation, "end"),
                field(m.Participation, "note"),
            ),
        ),
        Table(
            "charges",
            "Accusations and claims in a case: alleged, not decided (see accused.csv "
            "for what was decided about each accused).",
            lambda: m.Charge.objects.published(),
            (
                ID,
                reference(m.Charge, "case"),
                *fields(m.Charge, "offence", "statute", "note"),
                source_ids(m.Charge),
            ),
        ),
        Table(
            "accused",
            "Each party a charge names, with what was decided for them.",
            lambda: m.Accused.objects.published(),
            (
                ID,
                reference(m.Accused, "charge"),
                reference(m.Accused, "party"),
                *fields(m.Accused, "disposition", "not_punished"),
                reference(m.Accused, "ruling"),
                field(m.Accused, "note"),
            ),
        ),
        Table(
            "rulings",
            "Decisions: verdicts, judgments, orders, opinions, recommendations.",
            lambda: m.Ruling.objects.published(),
            (
                ID,
                reference(m.Ruling, "case"),
                reference(m.Ruling, "court"),
                *partial(m.Ruling, "date"),
                *fields(m.Ruling, "kind", "outcome", "title", "summary"),
                *fields(m.Ruling, "citation", "ecli"),
                id_list("judge_ids", "parties", m.Ruling, "judges"),
                *fields(m.Ruling, "document_url", "is_final"),
                source_ids(m.Ruling),
                updated(m.Ruling),
            ),
        ),
        Table(
            "ruling_reviews",
            "Which ruling reviews which: appeals, objections, reviews, remands.",
            lambda: m.RulingReview.objects.published(),
            (
                ID,
                reference(m.RulingReview, "ruling"),
                reference(m.RulingReview, "reviewed"),
                *fields(m.RulingReview, "kind", "note"),
            ),
        ),
        Table(
            "sanctions",
            "What rulings imposed or recommended, on whom, and whether it bites.",
            lambda: m.Sanction.objects.published(),
            (
                ID,
                reference(m.Sanction, "ruling"),
                reference(m.Sanction, "party"),
                *fields(m.Sanction, "kind", "term_months", "regime", "status", "note"),
                source_ids(m.Sanction),
                updated(m.Sanction),
            ),
        ),
        Table(
            "amounts",
            "Sums of money as the sources state them, each on one charge, "
            "sanction or event.",
            lambda: m.Amount.objects.published().with_source(),
            (
                ID,
                reference(m.Amount, "charge"),
                reference(m.Amount, "sanction"),
                reference(m.Amount, "event"),
                *fields(m.Amount, "amount", "currency", "qualifier", "description"),
                public_source(m.Amount),
            ),
        ),
        Table(
            "relationships",
            "Links between parties: “subject is <kind> object”.",
            lambda: m.Relationship.objects.published(),
            (
                ID,
                reference(m.Relationship, "subject"),
                field(m.Relationship, "kind"),
                reference(m.Relationship, "object"),
                *partial(m.Relationship, "start"),
                *partial(m.Relationship, "end"),
                field(m.Relationship, "note"),
                source_ids(m.Relationship),
            ),
        ),
        Table(
            "events",
            "Dated steps in a case that are not rulings, and facts about parties "
            "outside any case.",
            lambda: m.Event.objects.published(),
            (
                ID,
                reference(m.Event, "case"),
                *partial(m.Event, "date"),
                *fields(m.Event, "kind", "description"),
                id_list("party_ids", "parties", m.Event, "parties"),
                source_ids(m.Event),
            ),
        ),
        Table(
            "statements",
            "Parties' own positions: denials, “politically motivated”.",
            lambda: m.Statement.objects.published().select_related("source"),
            (
                ID,
                reference(m.Statement, "party"),
                reference(m.Statement, "case"),
                *partial(m.Statement, "date"),
                field(m.Statement, "text"),
                public_source(m.Statement),
            ),
        ),
        Table(
            "sources",
            "Where the facts come from (confidential sources left out).",
            lambda: m.Source.objects.published(),
            (
                ID,
                *fields(m.Source, "title", "publisher", "kind"),
                *partial(m.Source, "date"),
                *fields(m.Source, "url", "archived_url", "language"),
            ),
        ),
    )
