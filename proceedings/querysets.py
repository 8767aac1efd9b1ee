"""QuerySets: ``published()`` is the one definition of what the public may see.

A case, party or ruling is public when its own flag is set (a ruling also needs its
case to be public). A row that mentions other records — participation, charge,
sanction, event, statement, relationship, other name — is public only when every
case, ruling and party it mentions is public. Pages, API, search, feeds, sitemaps
and exports start from ``published()``; the admin starts from ``all()``.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery


def published_sources():
    """Prefetch a record's sources, leaving out confidential ones."""
    from .models import Source

    return Prefetch("sources", queryset=Source.objects.published())


def published_exists(model, field):
    """Whether the record a nullable foreign key points to is published."""
    return Exists(model.objects.published().filter(pk=OuterRef(field)))


class CourtQuerySet(models.QuerySet):
    def published(self):
        """Courts and authorities are public institutions: all of them."""
        return self.all()


class SourceQuerySet(models.QuerySet):
    def published(self):
        """Sources an editor has not marked as confidential."""
        return self.filter(is_public=True)


class PartyQuerySet(models.QuerySet):
    def published(self):
        """Parties a publisher has published. Private people stay out."""
        return self.filter(is_published=True)

    def with_details(self):
        """Everything a party's page or API record shows, each list published
        only, in a constant number of queries."""
        from .models import (
            Participation,
            PartyName,
            Relationship,
            Ruling,
            Sanction,
            Statement,
        )

        relationships = (
            Relationship.objects.published()
            .select_related("subject", "object")
            .prefetch_related(published_sources())
        )
        return self.prefetch_related(
            Prefetch("other_names", queryset=PartyName.objects.published()),
            Prefetch("relationships_as_subject", queryset=relationships),
            Prefetch("relationships_as_object", queryset=relationships),
            Prefetch(
                "participations",
                queryset=Participation.objects.published()
                .select_related("case__court")
                .prefetch_related(
                    Prefetch("case__rulings", queryset=Ruling.objects.published())
                )
                .order_by("case__opened", "case_id", "id"),
            ),
            Prefetch(
                "sanctions",
                queryset=Sanction.objects.published()
                .select_related("ruling__case__court", "ruling__court")
                .prefetch_related(published_sources()),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.published().select_related("case", "source"),
            ),
            published_sources(),
        )


class PartyNameQuerySet(models.QuerySet):
    def published(self):
        """Other names of published parties."""
        return self.filter(party__is_published=True)


class RelationshipQuerySet(models.QuerySet):
    def published(self):
        """Relationships whose two parties are both published."""
        return self.filter(subject__is_published=True, object__is_published=True)

    def involving(self, party):
        """Relationships with ``party`` at either end."""
        return self.filter(Q(subject=party) | Q(object=party))


class CaseQuerySet(models.QuerySet):
    def published(self):
        """Cases a publisher has published."""
        return self.filter(is_published=True)

    def with_court(self):
        """For lists: the court, and ``appeal_of_slug``, the slug of the case
        appealed from when that case is public (else None)."""
        from .models import Case

        return self.select_related("court").annotate(
            appeal_of_slug=Subquery(
                Case.objects.published()
                .filter(pk=OuterRef("appeal_of_id"))
                .order_by()
                .values("slug")[:1]
            )
        )

    def with_details(self):
        """Everything a case's page or API record shows, each list published only,
        in a constant number of queries."""
        from .models import (
            Case,
            Charge,
            Event,
            Participation,
            Party,
            Ruling,
            Sanction,
            Statement,
        )

        rulings = (
            Ruling.objects.published()
            .select_related("court")
            .annotate(appeal_of_published=published_exists(Ruling, "appeal_of_id"))
            .prefetch_related(
                Prefetch("judges", queryset=Party.objects.published()),
                Prefetch(
                    "sanctions",
                    queryset=Sanction.objects.published()
                    .select_related("party")
                    .prefetch_related(published_sources()),
                ),
                published_sources(),
            )
        )
        return (
            self.select_related("court", "appeal_of")
            .annotate(appeal_of_published=published_exists(Case, "appeal_of_id"))
            .prefetch_related(
                Prefetch("appeals", queryset=Case.objects.published()),
                Prefetch("related_cases", queryset=Case.objects.published()),
                Prefetch(
                    "participations",
                    queryset=Participation.objects.published().select_related(
                        "party", "represents"
                    ),
                ),
                Prefetch(
                    "charges",
                    queryset=Charge.objects.published()
                    .select_related("party")
                    .prefetch_related(published_sources()),
                ),
                Prefetch("rulings", queryset=rulings),
                Prefetch(
                    "events",
                    queryset=Event.objects.published().prefetch_related(
                        "parties", published_sources()
                    ),
                ),
                Prefetch(
                    "statements",
                    queryset=Statement.objects.published().select_related(
                        "party", "case", "source"
                    ),
                ),
                published_sources(),
            )
        )


class ParticipationQuerySet(models.QuerySet):
    def published(self):
        """Roles in a published case held by a published party (and, for counsel,
        representing a published party)."""
        return self.filter(
            Q(represents__isnull=True) | Q(represents__is_published=True),
            case__is_published=True,
            party__is_published=True,
        )


class RulingQuerySet(models.QuerySet):
    def published(self):
        """Published rulings in published cases."""
        return self.filter(is_published=True, case__is_published=True)

    def with_case(self):
        """For lists: case, courts, published judges, public appeal_of."""
        from .models import Party, Ruling

        return (
            self.select_related("case__court", "court", "appeal_of")
            .annotate(appeal_of_published=published_exists(Ruling, "appeal_of_id"))
            .prefetch_related(Prefetch("judges", queryset=Party.objects.published()))
        )

    def with_details(self):
        """A ruling with its reviews, sanctions, decided charges and sources."""
        from .models import Charge, Ruling, Sanction

        return self.with_case().prefetch_related(
            Prefetch("reviews", queryset=Ruling.objects.published()),
            Prefetch(
                "sanctions",
                queryset=Sanction.objects.published()
                .select_related("party")
                .prefetch_related(published_sources()),
            ),
            Prefetch(
                "charges_decided",
                queryset=Charge.objects.published()
                .select_related("party")
                .prefetch_related(published_sources()),
            ),
            published_sources(),
        )


class ChargeQuerySet(models.QuerySet):
    def published(self):
        """Charges against a published party in a published case, decided (if at
        all) by a published ruling."""
        return self.filter(
            Q(ruling__isnull=True) | Q(ruling__is_published=True),
            case__is_published=True,
            party__is_published=True,
        )


class SanctionQuerySet(models.QuerySet):
    def published(self):
        """Sanctions on a published party imposed by a published ruling."""
        return self.filter(
            ruling__is_published=True,
            ruling__case__is_published=True,
            party__is_published=True,
        )


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events in a published case that name no unpublished party."""
        return self.filter(case__is_published=True).exclude(parties__is_published=False)


class StatementQuerySet(models.QuerySet):
    def published(self):
        """Statements by a published party, about a published case if any."""
        return self.filter(
            Q(case__isnull=True) | Q(case__is_published=True),
            party__is_published=True,
        )
