"""Each relationship kind reads from either end, in the words readers expect."""

import pytest

from proceedings.models import Party, Relationship

from .factories import PartyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

MALE, FEMALE = Party.Gender.MALE, Party.Gender.FEMALE


@pytest.mark.parametrize(
    ("kind", "subject_gender", "object_gender", "from_subject", "from_object"),
    [
        ("parent", MALE, MALE, "father of", "son of"),
        ("parent", MALE, FEMALE, "father of", "daughter of"),
        ("parent", FEMALE, "", "mother of", "child of"),
        ("spouse", MALE, FEMALE, "husband of", "wife of"),
        ("parent_in_law", MALE, MALE, "father-in-law of", "son-in-law of"),
        ("sibling", FEMALE, MALE, "sister of", "brother of"),
        ("director", MALE, "", "director of", "directed by"),
        (
            "nominee_director",
            FEMALE,
            FEMALE,
            "nominee director for",
            "used as nominee director",
        ),
        ("subsidiary", "", "", "subsidiary of", "parent company of"),
        ("counsel", MALE, MALE, "counsel for", "represented by"),
    ],
)
def test_relationship_reads_from_either_end(
    kind, subject_gender, object_gender, from_subject, from_object
):
    subject = PartyFactory(gender=subject_gender)
    other = PartyFactory(gender=object_gender)
    relationship = RelationshipFactory(subject=subject, object=other, kind=kind)

    assert relationship.reading_for(subject) == (from_subject, other)
    assert relationship.reading_for(other) == (from_object, subject)


def test_every_kind_has_a_reading():
    subject, other = PartyFactory(), PartyFactory()
    for kind in Relationship.Kind.values:
        relationship = Relationship(subject=subject, object=other, kind=kind)
        assert relationship.reading_for(subject)[0]
        assert relationship.reading_for(other)[0]


def test_reading_for_a_stranger_is_an_error():
    relationship = RelationshipFactory()

    with pytest.raises(ValueError, match="not in this relationship"):
        relationship.reading_for(PartyFactory())


def test_involving_finds_relationships_at_either_end():
    party = PartyFactory()
    as_subject = RelationshipFactory(subject=party)
    as_object = RelationshipFactory(object=party)
    RelationshipFactory()

    assert set(Relationship.objects.involving(party)) == {as_subject, as_object}
