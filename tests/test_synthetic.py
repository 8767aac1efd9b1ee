"""generate_synthetic: deterministic, realistic benchmark data."""

import pytest
from django.core.management import CommandError, call_command

from proceedings import search
from proceedings.models import Case, Participation, Party, PartyName, Ruling, Sanction

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        Case.objects.filter(slug__startswith="synthetic-")
        .order_by("slug")
        .values_list(
            "slug", "title", "number", "opened", "opened_precision", "court__name"
        )
    )


def test_generates_the_promised_shape(db):
    call_command("generate_synthetic", "--cases", "40", "--seed", "3", verbosity=0)

    cases = Case.objects.filter(slug__startswith="synthetic-")
    assert cases.count() == 40
    assert Participation.objects.filter(case__in=cases).count() == 200
    assert Ruling.objects.filter(case__in=cases).count() == 120
    assert 40 <= Sanction.objects.filter(ruling__case__in=cases).count() <= 80
    assert len({c.court.country for c in cases.select_related("court")}) > 3
    assert PartyName.objects.filter(script="Cyrl").exists()
    assert all(case.sources.exists() for case in cases)
    # as the admin requires of every published record
    rulings = Ruling.objects.filter(case__in=cases)
    assert not rulings.filter(sources__isnull=True).exists()
    parties = Party.objects.filter(slug__startswith="synthetic-")
    assert not parties.filter(sources__isnull=True).exists()


def test_same_seed_gives_the_same_data_and_replace_keeps_real_records(db):
    real = CaseFactory(title="A real case")
    call_command("generate_synthetic", "--cases", "25", "--seed", "7", verbosity=0)
    first = snapshot()

    call_command(
        "generate_synthetic", "--cases", "25", "--seed", "7", "--replace", verbosity=0
    )

    assert snapshot() == first
    assert Case.objects.filter(pk=real.pk).exists()
    call_command(
        "generate_synthetic", "--cases", "25", "--seed", "8", "--replace", verbosity=0
    )
    assert snapshot() != first


def test_refuses_to_add_a_second_set_without_replace(db):
    call_command("generate_synthetic", "--cases", "5", verbosity=0)

    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_synthetic", "--cases", "5", verbosity=0)


def test_generated_rows_pass_validation_and_are_searchable(db):
    call_command("generate_synthetic", "--cases", "20", "--seed", "2", verbosity=0)

    for model in (Case, Ruling, Sanction, Party):
        for instance in model.objects.all()[:30]:
            instance.full_clean()
    person = Party.objects.filter(kind="person", is_published=True).first()
    cyrillic = person.other_names.get(script="Cyrl").name
    assert person in [hit.object for hit in search.search(cyrillic).hits]
