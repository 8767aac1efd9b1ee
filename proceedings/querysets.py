"""QuerySets: ``published()`` is the one definition of what the public may see.

A case, party or ruling is public when its own flag is set (a ruling also needs its
case to be public). A row that mentions other records — participation, charge,
sanction, event, statement, relationship, other name — is public only when every
case, ruling and party it mentions is public. Pages, API, search, feeds, sitemaps
and exports start from ``published()``; the admin starts from ``all()``.
"""

from django.db import models
from django.db.models import Q


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
