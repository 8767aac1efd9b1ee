"""published(): the one definition of what the public may see (DESIGN.md)."""

import pytest

from proceedings.models import (
    Accused,
    Amount,
    Case,
    Charge,
    Court,
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

from .factories import (
    CaseFactory,
    ChargeFactory,
    CourtFactory,
    EventFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RelationshipFactory,
    RulingFactory,
    RulingReviewFactory,
    SanctionFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def published(model):
    return set(model.objects.published())


@pytest.mark.parametrize(
    ("factory", "model"),
    [(CaseFactory, Case), (PartyFactory, Party), (RulingFactory, Ruling)],
)
def test_record_is_public_only_with_its_own_flag(factory, model):
    shown = factory(is_published=True)
    hidden = factory(is_published=False)

    assert shown in published(model)
    assert hidden not in published(model)


def test_ruling_in_an_unpublished_case_is_not_public():
    ruling = RulingFactory(is_published=True, case__is_published=False)

    assert ruling not in published(Ruling)


def test_published_case_with_an_unpublished_party_hides_only_that_party():
    case = CaseFactory()
    public = ParticipationFactory(case=case)
    private = ParticipationFactory(case=case, party__is_published=False)

    assert case in published(Case)
    assert public in published(Participation)
    assert private not in published(Participation)
    assert private.party not in published(Party)
    assert list(case.participations.published()) == [public]


def test_counsel_representing_an_unpublished_client_is_not_public():
    counsel = ParticipationFactory(
        role=Participation.Role.COUNSEL,
        represents=PartyFactory(is_published=False),
    )

    assert counsel not in published(Participation)


@pytest.mark.parametrize("hide", ["case", "party", "ruling"])
def test_charge_is_public_only_when_case_party_and_ruling_are(hide):
    case = CaseFactory()
    ruling = RulingFactory(case=case)
    charge = ChargeFactory(case=case, disposition="convicted", ruling=ruling)
    accused = charge.accused.get()
    assert charge in published(Charge)
    assert accused in published(Accused)

    target = {"case": case, "party": accused.party, "ruling": ruling}[hide]
    target.is_published = False
    target.save()

    assert charge not in published(Charge)
    assert accused not in published(Accused)


def test_a_published_group_charge_never_names_an_unpublished_accused():
    case = CaseFactory()
    public, private = PartyFactory(), PartyFactory(is_published=False)
    charge = ChargeFactory(
        case=case,
        accused=[(public, "convicted", None), (private, "pleaded_guilty", None)],
    )

    assert charge in published(Charge)
    shown_parties = Accused.objects.published().filter(charge=charge)
    assert set(shown_parties.values_list("party", flat=True)) == {public.pk}
    shown = Charge.objects.published().with_accused().get(pk=charge.pk)
    assert [a.party for a in shown.accused.all()] == [public]


def test_a_charge_naming_only_unpublished_accused_is_not_public():
    charge = ChargeFactory(party=PartyFactory(is_published=False))

    assert charge not in published(Charge)


def test_amounts_are_public_only_with_their_charge_sanction_or_event():
    charge = ChargeFactory(alleged_amount=100, alleged_amount_currency="USD")
    amount = charge.amounts.get()
    assert amount in published(Amount)

    charge.case.is_published = False
    charge.case.save()

    assert amount not in published(Amount)


def test_links_between_rulings_are_public_only_when_both_rulings_are():
    link = RulingReviewFactory()
    assert link in published(RulingReview)

    link.reviewed.is_published = False
    link.reviewed.save()

    assert link not in published(RulingReview)


def test_an_event_outside_any_case_is_public_only_with_a_published_party():
    event = EventFactory(case=None, parties=[PartyFactory()])
    lonely = EventFactory(case=None)
    assert event in published(Event)
    assert lonely not in published(Event)

    event.parties.add(PartyFactory(is_published=False))

    assert event not in published(Event)


@pytest.mark.parametrize("hide", ["ruling", "ruling.case", "party"])
def test_sanction_is_public_only_when_ruling_case_and_party_are(hide):
    sanction = SanctionFactory()
    assert sanction in published(Sanction)

    target = sanction
    for name in hide.split("."):
        target = getattr(target, name)
    target.is_published = False
    target.save()

    assert sanction not in published(Sanction)


def test_event_naming_an_unpublished_party_is_not_public():
    shown = EventFactory(parties=[PartyFactory()])
    hidden = EventFactory(parties=[PartyFactory(), PartyFactory(is_published=False)])
    in_hidden_case = EventFactory(case__is_published=False)

    assert published(Event) == {shown}
    assert hidden not in published(Event)
    assert in_hidden_case not in published(Event)


def test_statement_needs_a_published_party_and_case():
    shown = StatementFactory(case=CaseFactory())
    without_case = StatementFactory(case=None)
    private_party = StatementFactory(party__is_published=False)
    private_case = StatementFactory(case=CaseFactory(is_published=False))

    assert published(Statement) == {shown, without_case}
    assert private_party not in published(Statement)
    assert private_case not in published(Statement)


@pytest.mark.parametrize("hidden_end", ["subject", "object"])
def test_relationship_with_a_private_relative_is_not_public(hidden_end):
    relationship = RelationshipFactory(**{f"{hidden_end}__is_published": False})

    assert relationship not in published(Relationship)
    assert RelationshipFactory() in published(Relationship)


def test_other_names_of_an_unpublished_party_are_not_public():
    hidden = PartyNameFactory(party__is_published=False)
    shown = PartyNameFactory()

    assert published(PartyName) == {shown}
    assert hidden not in published(PartyName)


def test_confidential_source_is_not_public():
    shown = SourceFactory()
    hidden = SourceFactory(is_public=False)

    assert published(Source) == {shown}
    assert hidden not in published(Source)


def test_courts_are_public_institutions():
    court = CourtFactory()

    assert court in published(Court)


def test_published_is_a_queryset_verb_that_chains():
    case = CaseFactory(kind=Case.Kind.CIVIL)
    CaseFactory(kind=Case.Kind.CIVIL, is_published=False)

    assert list(Case.objects.filter(kind="civil").published()) == [case]
