"""factory_boy factories for unit tests (the JSON in fixtures/ is demo data)."""

import datetime

import factory

from proceedings.fields import DatePrecision
from proceedings.models import (
    Accused,
    Amount,
    Case,
    Charge,
    Court,
    CourtName,
    Event,
    Participation,
    Party,
    PartyName,
    Relationship,
    Ruling,
    RulingReview,
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

    @classmethod
    def _create(cls, model_class, *args, appeal_of=None, review_kind="appeal", **kw):
        """``appeal_of=<ruling>`` links the earlier ruling it decides on."""
        ruling = super()._create(model_class, *args, **kw)
        if appeal_of is not None:
            RulingReview.objects.create(
                ruling=ruling, reviewed=appeal_of, kind=review_kind
            )
        return ruling

    @factory.post_generation
    def judges(self, create, extracted, **kwargs):
        if create and extracted:
            self.judges.set(extracted)


def add_amount(owner, amount, currency, qualifier="exact", **kwargs):
    return Amount.objects.create(
        **{owner._meta.model_name: owner},
        amount=amount,
        currency=currency,
        qualifier=qualifier,
        **kwargs,
    )


class ChargeFactory(factory.django.DjangoModelFactory):
    """A charge with one accused: ``party`` (a new party unless given), with
    ``disposition`` and ``ruling``; ``alleged_amount`` and its currency make an
    Amount. ``accused=[(party, disposition, ruling), …]`` names several."""

    class Meta:
        model = Charge

    case = factory.SubFactory(CaseFactory)
    offence = "fraud"

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        party=None,
        disposition=Charge.Disposition.PENDING,
        ruling=None,
        not_punished=False,
        accused=None,
        alleged_amount=None,
        alleged_amount_currency="",
        qualifier="exact",
        **kw,
    ):
        charge = super()._create(model_class, *args, **kw)
        for who, how, by in accused or [(party or PartyFactory(), disposition, ruling)]:
            Accused.objects.create(
                charge=charge,
                party=who,
                disposition=how,
                ruling=by,
                not_punished=not_punished,
            )
        if alleged_amount is not None:
            add_amount(charge, alleged_amount, alleged_amount_currency, qualifier)
        return charge


class CourtNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourtName

    court = factory.SubFactory(CourtFactory)
    name = factory.Sequence(lambda n: f"Bezirksgericht {n}")
    language = "de"


class SanctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sanction

    ruling = factory.SubFactory(RulingFactory)
    party = factory.SubFactory(PartyFactory)
    kind = Sanction.Kind.IMPRISONMENT
    term_months = 60
    status = Sanction.Status.IMPOSED

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        amount=None,
        amount_currency="",
        qualifier="exact",
        **kw,
    ):
        """``amount`` and ``amount_currency`` make one Amount of the sanction."""
        sanction = super()._create(model_class, *args, **kw)
        if amount is not None:
            add_amount(sanction, amount, amount_currency, qualifier)
        return sanction


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


class AccusedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accused

    charge = factory.SubFactory(ChargeFactory)
    party = factory.SubFactory(PartyFactory)


class AmountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amount

    charge = factory.SubFactory(ChargeFactory)
    amount = 250_000_000
    currency = "USD"


class RulingReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RulingReview

    reviewed = factory.SubFactory(RulingFactory)
    ruling = factory.SubFactory(
        RulingFactory, case=factory.SelfAttribute("..reviewed.case")
    )
    kind = RulingReview.Kind.OBJECTION
