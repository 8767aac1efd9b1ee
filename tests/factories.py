"""factory_boy factories for unit tests (the JSON in fixtures/ is demo data)."""

import datetime

import factory

from proceedings.fields import DatePrecision
from proceedings.models import (
    Case,
    Charge,
    Court,
    Event,
    Participation,
    Party,
    PartyName,
    Relationship,
    Ruling,
    Sanction,
    Source,
    Statement,
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report number {n}")
    publisher = "Example News"
    kind = Source.Kind.NEWS_REPORT
    url = factory.Sequence(lambda n: f"https://news.example/reports/{n}")
    language = "en"


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    name = factory.Sequence(lambda n: f"District Court number {n}")
    slug = factory.Sequence(lambda n: f"district-court-{n}")
    country = "KZ"
    kind = Court.Kind.COURT
    level = Court.Level.FIRST_INSTANCE


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    kind = Party.Kind.PERSON
    is_published = True

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)


class PartyNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyName

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    court = factory.SubFactory(CourtFactory)
    title = factory.Sequence(lambda n: f"State v. Person {n}")
    slug = factory.Sequence(lambda n: f"state-v-person-{n}")
    kind = Case.Kind.CRIMINAL
    status = Case.Status.PENDING
    opened = datetime.date(2018, 1, 1)
    opened_precision = DatePrecision.YEAR
    is_published = True

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    case = factory.SubFactory(CaseFactory)
    party = factory.SubFactory(PartyFactory)
    role = Participation.Role.DEFENDANT


class RulingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ruling
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    court = factory.SelfAttribute("case.court")
    date = datetime.date(2018, 10, 8)
    date_precision = DatePrecision.DAY
    kind = Ruling.Kind.VERDICT
    outcome = Ruling.Outcome.CONVICTED
    title = "Verdict"
    is_published = True

    @factory.post_generation
    def judges(self, create, extracted, **kwargs):
        if create and extracted:
            self.judges.set(extracted)


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charge

    case = factory.SubFactory(CaseFactory)
    party = factory.SubFactory(PartyFactory)
    offence = "fraud"


class SanctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sanction

    ruling = factory.SubFactory(RulingFactory)
    party = factory.SubFactory(PartyFactory)
    kind = Sanction.Kind.IMPRISONMENT
    term_months = 60
    status = Sanction.Status.IMPOSED


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    date = datetime.date(2018, 8, 6)
    date_precision = DatePrecision.DAY
    kind = Event.Kind.HEARING
    description = "Hearing"

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    party = factory.SubFactory(PartyFactory)
    text = "The charges are politically motivated."
    source = factory.SubFactory(SourceFactory)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    subject = factory.SubFactory(PartyFactory)
    object = factory.SubFactory(PartyFactory)
    kind = Relationship.Kind.PARENT
