"""The published data as FollowTheMoney entities, one JSON object a line.

FollowTheMoney (FtM) is the entity model of OpenSanctions, OCCRP Aleph and yente.
Each record becomes the entity its FtM schema describes:

========================  ==========================================================
casetracker               FtM
========================  ==========================================================
Source (public)           Document: title, publisher, publishedAt, sourceUrl
Court                     PublicBody
Party                     Person, Company, PublicBody or Organization by kind
Case                      CourtCase
Participation             CourtCaseParty, with the role
Ruling                    Event: date, court as organiser, the case's parties
                          involved; an UnknownLink ties it to its CourtCase
Event                     Event, the same way
Sanction                  Sanction: authority = court, program = the case
Relationship              Family, Associate, Directorship, Ownership,
                          Representation or Employment by kind (an UnknownLink
                          when the two parties' kinds do not fit the schema)
========================  ==========================================================

Every entity lists the documents that support it under ``proof``. Parties carry
the topics OpenSanctions uses where the published data says so: ``crime`` for a
conviction in a criminal case, ``wanted`` for a wanted-list entry or an arrest
warrant not lifted, ``asset.frozen`` for an asset freeze in force. (Not ``sanction``:
in FtM that marks an entity on a government sanctions list, which a court's costs
award or fine is not.)

Ids are ``casetracker-<kind>-<database id>``: stable across exports for as long as
the record exists. Values go in through ``put()``, which refuses one the schema
would drop, so the file never silently loses a fact.
"""

from django.db.models import Prefetch
from followthemoney import model
from followthemoney.types import registry

from ..models import (
    GUILTY,
    Accused,
    Amount,
    Case,
    Court,
    CourtName,
    Event,
    Participation,
    Party,
    PartyName,
    Relationship,
    Ruling,
    Sanction,
    Source,
)
from .batches import chunks, linked

PARTY_SCHEMA = {
    Party.Kind.PERSON: "Person",
    Party.Kind.COMPANY: "Company",
    Party.Kind.STATE_BODY: "PublicBody",
    Party.Kind.OTHER: "Organization",
}

# Relationship kind: (schema, subject's property, object's property). "Subject is
# <kind> of object": the owner owns, the subsidiary is owned.
RELATIONSHIP_SCHEMA = {
    Relationship.Kind.SPOUSE: ("Family", "person", "relative"),
    Relationship.Kind.FORMER_SPOUSE: ("Family", "person", "relative"),
    Relationship.Kind.PARENT: ("Family", "person", "relative"),
    Relationship.Kind.STEP_PARENT: ("Family", "person", "relative"),
    Relationship.Kind.PARENT_IN_LAW: ("Family", "person", "relative"),
    Relationship.Kind.SIBLING: ("Family", "person", "relative"),
    Relationship.Kind.RELATIVE: ("Family", "person", "relative"),
    Relationship.Kind.ASSOCIATE: ("Associate", "person", "associate"),
    Relationship.Kind.FOUNDER: ("Ownership", "owner", "asset"),
    Relationship.Kind.OWNER: ("Ownership", "owner", "asset"),
    Relationship.Kind.SUBSIDIARY: ("Ownership", "asset", "owner"),
    Relationship.Kind.DIRECTOR: ("Directorship", "director", "organization"),
    Relationship.Kind.NOMINEE_DIRECTOR: ("Directorship", "director", "organization"),
    Relationship.Kind.OFFICIAL: ("Directorship", "director", "organization"),
    Relationship.Kind.EMPLOYEE: ("Employment", "employee", "employer"),
    Relationship.Kind.COUNSEL: ("Representation", "agent", "client"),
}

IN_FORCE = [Sanction.Status.IMPOSED, Sanction.Status.ENFORCED]
WANTED = [*IN_FORCE, Sanction.Status.UNENFORCED, Sanction.Status.SUSPENDED]


class ExportError(Exception):
    """A value the FtM schema would have dropped: the mapping needs fixing."""


def entity_id(kind, pk):
    return f"casetracker-{kind}-{pk}"


def put(entity, name, value):
    """Add ``value`` (a string, date, number or PartialDate; empty is skipped)
    to ``entity``'s property ``name``, cleaned as its type wants, or raise."""
    if value is None or value == "":
        return
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    prop = entity.schema.get(name)
    if prop is None:
        raise ExportError(f"{entity.schema.name} has no property {name!r}")
    cleaned = prop.type.clean(str(value), proxy=entity)
    if cleaned is None:
        raise ExportError(f"{entity.schema.name}.{name} rejects {value!r}")
    if prop.max_length and len(cleaned) > prop.max_length:
        raise ExportError(
            f"{entity.schema.name}.{name} holds {prop.max_length} characters at "
            f"most: {value!r}"
        )
    entity.add(prop, cleaned, cleaned=True)
    if cleaned not in entity.get(prop):
        raise ExportError(f"{entity.schema.name}.{name} dropped {value!r}")


def put_whole(entity, name, value):
    """``put()`` a value that may be longer than the property holds (a title of
    500 characters where a name holds 384, a case number of 100 where
    caseNumber holds 64): then shortened at a word, and whole in
    ``description``, so that nothing is lost."""
    limit = entity.schema.get(name).max_length
    if not value or len(value) <= limit:
        return put(entity, name, value)
    if entity.schema.get(name).type == registry.name:
        put(entity, name, value[: limit - 1].rsplit(" ", 1)[0] + "…")
    put(entity, "description", f"{entity.schema.get(name).label}: {value}")


def make(schema, kind, pk, record=None, proofs=None):
    """A new entity; with ``record``, when it changed, and with ``proofs``
    ({record id: source ids}, from ``linked()``) the sources it rests on."""
    entity = model.make_entity(schema)
    entity.id = entity_id(kind, pk)
    if record is not None:
        put(entity, "modifiedAt", record.updated_at.replace(microsecond=0))
    for source in (proofs or {}).get(pk, ()):
        put(entity, "proof", entity_id("source", source))
    return entity


def other_names(model):
    """Prefetch a record's other names, all of them: the other names of a
    published party or court are published (``published()`` says so; a join to
    check it again would slow every batch, see ``batches``)."""
    return Prefetch("other_names", queryset=model.objects.order_by("pk"))


def web_url(site, record):
    return f"{site}{record.get_absolute_url()}"


# --- the entities ------------------------------------------------------------------


def documents(site):
    for batch in chunks(Source.objects.published()):
        for source in batch:
            entity = make("Document", "source", source.pk)
            put(entity, "title", source.title)
            put(entity, "publisher", source.publisher)
            put(entity, "publishedAt", source.date_partial)
            put(entity, "sourceUrl", source.url)
            if source.language:
                put(entity, "language", registry.language.clean(source.language))
            put(entity, "modifiedAt", source.updated_at.replace(microsecond=0))
            yield entity


def courts(site):
    queryset = Court.objects.published().prefetch_related(other_names(CourtName))
    for batch in chunks(queryset):
        for court in batch:
            entity = make("PublicBody", "court", court.pk)
            put(entity, "name", court.name)
            put(entity, "alias", court.short_name)
            for other in court.other_names.all():
                put(entity, "alias", other.name)
            put(entity, "country", court.country)
            put(entity, "website", court.website)
            put(entity, "sourceUrl", web_url(site, court))
            put(entity, "modifiedAt", court.updated_at.replace(microsecond=0))
            yield entity


def party_topics(ids):
    """{party id: topics} for these parties, from published rulings only."""
    topics = {}
    convicted = Accused.objects.published().filter(
        party__in=ids, disposition__in=GUILTY, charge__case__kind=Case.Kind.CRIMINAL
    )
    for party in convicted.values_list("party_id", flat=True).distinct():
        topics.setdefault(party, set()).add("crime")
    listed = Event.objects.published().filter(
        kind=Event.Kind.WANTED_LIST, parties__in=ids
    )
    for party in listed.values_list("parties", flat=True).distinct():
        topics.setdefault(party, set()).add("wanted")
    sanctions = Sanction.objects.published().filter(party__in=ids)
    for party, kind, status in sanctions.values_list("party_id", "kind", "status"):
        if kind == Sanction.Kind.ARREST_WARRANT and status in WANTED:
            topics.setdefault(party, set()).add("wanted")
        if kind == Sanction.Kind.ASSET_FREEZE and status in IN_FORCE:
            topics.setdefault(party, set()).add("asset.frozen")
    return topics


def parties(site):
    queryset = Party.objects.published().prefetch_related(other_names(PartyName))
    for batch in chunks(queryset):
        topics = party_topics([party.pk for party in batch])
        proofs = linked(batch, "sources")
        for party in batch:
            schema = PARTY_SCHEMA[party.kind]
            entity = make(schema, "party", party.pk, party, proofs)
            put(entity, "name", party.name)
            for other in party.other_names.all():
                put(entity, "alias", other.name)
            put(entity, "country", party.country)
            put(entity, "description", party.description)
            put(entity, "wikidataId", party.wikidata_qid)
            put(entity, "sourceUrl", web_url(site, party))
            if schema == "Person":
                put(entity, "birthDate", party.birth_date_partial)
                put(entity, "gender", party.gender)
            for topic in sorted(topics.get(party.pk, ())):
                put(entity, "topics", topic)
            yield entity


def cases(site):
    queryset = Case.objects.published().select_related("court")
    for batch in chunks(queryset):
        proofs = linked(batch, "sources")
        for case in batch:
            entity = make("CourtCase", "case", case.pk, case, proofs)
            put_whole(entity, "name", case.title)
            put_whole(entity, "caseNumber", case.number)
            if case.court is not None:
                put(entity, "court", case.court.name)
            put(entity, "country", case.country)
            put(entity, "fileDate", case.opened_partial)
            put(entity, "closeDate", case.closed_partial)
            put(entity, "status", case.get_status_display())
            put(entity, "type", case.get_kind_display())
            put(entity, "summary", case.summary)
            put(entity, "sourceUrl", web_url(site, case))
            yield entity


def participations(site):
    for batch in chunks(Participation.objects.published()):
        for participation in batch:
            entity = make("CourtCaseParty", "participation", participation.pk)
            put(entity, "case", entity_id("case", participation.case_id))
            put(entity, "party", entity_id("party", participation.party_id))
            put(entity, "role", participation.get_role_display())
            put(entity, "startDate", participation.start_partial)
            put(entity, "endDate", participation.end_partial)
            put(entity, "description", participation.note)
            put(entity, "modifiedAt", participation.updated_at.replace(microsecond=0))
            yield entity


def in_case(event_entity, kind, pk, case_id, role):
    """The UnknownLink tying an Event to its CourtCase (an Event's ``involved``
    takes legal entities only)."""
    link = make("UnknownLink", kind, pk)
    put(link, "subject", event_entity.id)
    put(link, "object", entity_id("case", case_id))
    put(link, "role", role)
    return link


def case_parties(case_ids):
    """{case id: [party id]} of the published participants of these cases."""
    found = {}
    rows = Participation.objects.published().filter(case__in=case_ids)
    for case, party in rows.order_by("party_id").values_list("case_id", "party_id"):
        found.setdefault(case, []).append(party)
    return found


def rulings(site):
    queryset = Ruling.objects.published().select_related("case__court", "court")
    for batch in chunks(queryset):
        involved = case_parties({ruling.case_id for ruling in batch})
        proofs = linked(batch, "sources")
        for ruling in batch:
            entity = make("Event", "ruling", ruling.pk, ruling, proofs)
            court = ruling.court or ruling.case.court
            put_whole(entity, "name", ruling.title or ruling.get_kind_display())
            put(entity, "date", ruling.date_partial)
            put(entity, "summary", ruling.summary)
            put(entity, "description", ruling.get_outcome_display())
            put(entity, "country", ruling.case.country)
            if court is not None:
                put(entity, "organizer", entity_id("court", court.pk))
            for party in involved.get(ruling.case_id, ()):
                put(entity, "involved", entity_id("party", party))
            put(entity, "sourceUrl", ruling.document_url)
            yield entity
            yield in_case(entity, "ruling-case", ruling.pk, ruling.case_id, "ruling")


def events(site):
    for batch in chunks(Event.objects.published()):
        proofs, involved = linked(batch, "sources"), linked(batch, "parties")
        for event in batch:
            entity = make("Event", "event", event.pk, event, proofs)
            put(entity, "name", event.get_kind_display())
            put(entity, "date", event.date_partial)
            put(entity, "summary", event.description)
            for party in involved.get(event.pk, ()):
                put(entity, "involved", entity_id("party", party))
            yield entity
            if event.case_id is not None:
                yield in_case(entity, "event-case", event.pk, event.case_id, "event")


def sanction_reasons(batch):
    """{(party id, ruling id): [offence]}: what the sanctioned were found guilty of
    in the ruling that imposed the sanction."""
    found = {}
    rows = Accused.objects.published().filter(
        ruling__in={sanction.ruling_id for sanction in batch}, disposition__in=GUILTY
    )
    for party, ruling, offence in rows.order_by("charge_id").values_list(
        "party_id", "ruling_id", "charge__offence"
    ):
        found.setdefault((party, ruling), []).append(offence)
    return found


def sanctions(site):
    queryset = (
        Sanction.objects.published()
        .select_related("ruling__case__court", "ruling__court")
        # a published sanction's amounts are published
        .prefetch_related(Prefetch("amounts", queryset=Amount.objects.order_by("pk")))
    )
    for batch in chunks(queryset):
        reasons = sanction_reasons(batch)
        proofs = linked(batch, "sources")
        for sanction in batch:
            ruling, case = sanction.ruling, sanction.ruling.case
            court = ruling.court or case.court
            entity = make(
                "Sanction",
                "sanction",
                sanction.pk,
                sanction,
                proofs,
            )
            put(entity, "entity", entity_id("party", sanction.party_id))
            if court is not None:
                put(entity, "authority", court.name)
            put(entity, "program", case.title)
            put(entity, "programUrl", web_url(site, case))
            put(entity, "country", case.country)
            put(entity, "provisions", sanction.get_kind_display())
            put(entity, "status", sanction.get_status_display())
            put(entity, "startDate", ruling.date_partial)
            put(entity, "duration", sanction.term_months)
            for offence in reasons.get((sanction.party_id, ruling.pk), ()):
                put(entity, "reason", offence)
            put(entity, "reason", sanction.note)
            for amount in sanction.amounts.all():
                put(entity, "summary", str(amount.money))
            yield entity


def relationships(site):
    queryset = Relationship.objects.published().select_related("subject", "object")
    for batch in chunks(queryset):
        proofs = linked(batch, "sources")
        for relationship in batch:
            schema, subject, object_ = RELATIONSHIP_SCHEMA[relationship.kind]
            entity = make(schema, "relationship", relationship.pk, relationship, proofs)
            ends = {
                subject: relationship.subject,
                object_: relationship.object,
            }
            if not all(
                model.get(PARTY_SCHEMA[party.kind]).is_a(entity.schema.get(name).range)
                for name, party in ends.items()
            ):
                entity = make(
                    "UnknownLink", "relationship", relationship.pk, relationship, proofs
                )
                ends = {"subject": relationship.subject, "object": relationship.object}
            for name, party in ends.items():
                put(entity, name, entity_id("party", party.pk))
            put(
                entity,
                "role" if entity.schema.get("role") else "relationship",
                relationship.get_kind_display(),
            )
            put(entity, "startDate", relationship.start_partial)
            put(entity, "endDate", relationship.end_partial)
            put(entity, "description", relationship.note)
            yield entity


SECTIONS = [
    documents,
    courts,
    parties,
    cases,
    participations,
    rulings,
    events,
    sanctions,
    relationships,
]


def entities(site):
    """Every published record as FtM entities, in a fixed order."""
    for section in SECTIONS:
        yield from section(site)
