"""QuerySets: ``published()`` is the one definition of what the public may see.

A case, party or ruling is public when its own flag is set (a ruling also needs its
case to be public). A row that mentions other records — participation, charge,
sanction, event, statement, relationship, other name — is public only when every
case, ruling and party it mentions is public. Pages, API, search, feeds, sitemaps
and exports start from ``published()``; the admin starts from ``all()``.
"""

import functools

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce


class RecordQuerySet(models.QuerySet):
    """The base of every QuerySet here.

    django-modeltranslation makes each QuerySet of a model with translated
    fields rewrite filters, ordering and ``values()`` to the active language's
    column. Here queries read the plain column instead — the English original,
    which Record.save keeps — so a list, a facet count or a filter is the same
    in every language; the pages and the API then pick each record's text in
    the reader's language (proceedings/translation.py).
    """

    def _post_init(self):
        # Called by modeltranslation's QuerySet in place of its own, which turns
        # rewriting on and rewrites the model's default ordering.
        self._rewrite = False
        self._populate = None


def published_sources():
    """Prefetch a record's sources, leaving out confidential ones."""
    from .models import Source

    return Prefetch("sources", queryset=Source.objects.published())


def decided_by(court, prefix=""):
    """Q: the ruling (``prefix`` leads from the record to it) was decided by
    ``court``: its own court, else its case's (Ruling.deciding_court)."""
    return Q(**{f"{prefix}court": court}) | Q(
        **{f"{prefix}court__isnull": True, f"{prefix}case__court": court}
    )


def published_exists(model, field):
    """Whether the record a nullable foreign key points to is published."""
    return Exists(model.objects.published().filter(pk=OuterRef(field)))


class CourtQuerySet(RecordQuerySet):
    def published(self):
        """Courts and authorities are public institutions: all of them."""
        return self.all()


class CourtNameQuerySet(RecordQuerySet):
    def published(self):
        """Courts are public, and so are their other names."""
        return self.all()


class SourceQuerySet(RecordQuerySet):
    def published(self):
        """Sources an editor has not marked as confidential."""
        return self.filter(is_public=True)


class PartyQuerySet(RecordQuerySet):
    def published(self):
        """Parties a publisher has published. Private people stay out."""
        return self.filter(is_published=True)

    def with_details(self):
        """Everything a party's page or API record shows, each list published
        only, in a constant number of queries."""
        return self.prefetch_related(*_party_details())

    def with_proceedings(self):
        """Only the party's proceedings (with their rulings) and sanctions, as
        ``with_details()`` reads them: what its timeline draws."""
        return self.prefetch_related(*_party_proceedings())

    def with_case_count(self):
        """``case_count``: how many published cases the party takes part in. A
        correlated count, computed for the rows read only: a joined Count would
        group every party first (and PostgreSQL hashed the whole party table to
        count a search's 400 namesakes)."""
        from .models import Participation

        cases = (
            Participation.objects.published()
            .filter(party=OuterRef("pk"))
            .order_by()
            .values("party")
            .annotate(cases=Count("case", distinct=True))
            .values("cases")
        )
        return self.annotate(case_count=Coalesce(Subquery(cases), 0))


@functools.cache
def _party_details():
    """The prefetches of PartyQuerySet.with_details, built once per process (see
    ``_case_details``)."""
    from .models import (
        Accused,
        Event,
        PartyName,
        Relationship,
        Statement,
    )

    relationships = (
        Relationship.objects.published()
        .select_related("subject", "object")
        .prefetch_related(published_sources())
    )
    return (
        Prefetch("other_names", queryset=PartyName.objects.published()),
        Prefetch("relationships_as_subject", queryset=relationships),
        Prefetch("relationships_as_object", queryset=relationships),
        *_party_proceedings(),
        Prefetch(
            "accusations",
            queryset=Accused.objects.published()
            .select_related("charge__case", "ruling")
            .order_by("charge__case__opened", "charge__case_id", "charge_id"),
        ),
        Prefetch(
            "events",
            queryset=Event.objects.published().filter(case__isnull=True).with_details(),
        ),
        Prefetch(
            "statements",
            queryset=Statement.objects.published().select_related("case", "source"),
        ),
        published_sources(),
    )


@functools.cache
def _party_proceedings():
    """The party's published participations, with their cases' courts and
    rulings, and its published sanctions (``with_details``, ``with_proceedings``)."""
    from .models import Participation, Ruling, Sanction

    return (
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
            .with_amounts(),
        ),
    )


class PartyNameQuerySet(RecordQuerySet):
    def published(self):
        """Other names of published parties."""
        return self.filter(party__is_published=True)


class RelationshipQuerySet(RecordQuerySet):
    def published(self):
        """Relationships whose two parties are both published."""
        return self.filter(subject__is_published=True, object__is_published=True)

    def involving(self, party):
        """Relationships with ``party`` at either end."""
        return self.filter(Q(subject=party) | Q(object=party))


class CaseQuerySet(RecordQuerySet):
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
        from .models import Case

        return (
            self.select_related("court", "appeal_of")
            .annotate(appeal_of_published=published_exists(Case, "appeal_of_id"))
            .prefetch_related(*_case_details())
        )


@functools.cache
def _case_details():
    """The prefetches of CaseQuerySet.with_details, built once per process:
    building their querysets (the visibility rules of a dozen models) was a third
    of an uncached case's time (bench/RESULTS.md). Safe to share: a prefetch
    runs a clone of its queryset, never the queryset itself."""
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
        .prefetch_related(
            Prefetch("judges", queryset=Party.objects.published()),
            Prefetch(
                "sanctions",
                queryset=Sanction.objects.published()
                .select_related("party")
                .with_amounts(),
            ),
            review_prefetches()[0],
            published_sources(),
        )
    )
    return (
        Prefetch("appeals", queryset=Case.objects.published()),
        Prefetch("related_cases", queryset=Case.objects.published()),
        Prefetch(
            "participations",
            queryset=Participation.objects.published().select_related(
                "party", "represents"
            ),
        ),
        Prefetch("charges", queryset=Charge.objects.published().with_accused()),
        Prefetch("rulings", queryset=rulings),
        Prefetch("events", queryset=Event.objects.published().with_details()),
        Prefetch(
            "statements",
            queryset=Statement.objects.published().select_related(
                "party", "case", "source"
            ),
        ),
        published_sources(),
    )


def review_prefetches():
    """A ruling's published links to the rulings it decides on (``review_links``)
    and to the rulings that decide on it (``reviewed_by_links``)."""
    from .models import RulingReview

    links = RulingReview.objects.published()
    return [
        Prefetch("review_links", queryset=links.select_related("reviewed")),
        Prefetch("reviewed_by_links", queryset=links.select_related("ruling")),
    ]


class ParticipationQuerySet(RecordQuerySet):
    def published(self):
        """Roles in a published case held by a published party (and, for counsel,
        representing a published party)."""
        return self.filter(
            Q(represents__isnull=True) | Q(represents__is_published=True),
            case__is_published=True,
            party__is_published=True,
        )


class RulingQuerySet(RecordQuerySet):
    def published(self):
        """Published rulings in published cases."""
        return self.filter(is_published=True, case__is_published=True)

    def with_case(self):
        """For lists: case, courts, published judges, the published rulings it
        decides on."""
        from .models import Party, RulingReview

        return self.select_related("case__court", "court").prefetch_related(
            Prefetch("judges", queryset=Party.objects.published()),
            Prefetch(
                "review_links",
                queryset=RulingReview.objects.published().select_related("reviewed"),
            ),
        )

    def with_details(self):
        """A ruling with its reviews, sanctions, decided charges and sources."""
        from .models import Accused, Sanction, Source

        return self.with_case().prefetch_related(
            review_prefetches()[1],
            Prefetch(
                "sanctions",
                queryset=Sanction.objects.published()
                .select_related("party")
                .with_amounts(),
            ),
            Prefetch(
                "accused_decided",
                queryset=Accused.objects.published()
                .select_related("party", "charge")
                .prefetch_related(
                    Prefetch("charge__sources", queryset=Source.objects.published())
                ),
            ),
            published_sources(),
        )


class ChargeQuerySet(RecordQuerySet):
    def published(self):
        """Charges in a published case that name at least one published accused
        (the accused shown are the published ones: a published charge never names
        an unpublished person)."""
        from .models import Accused

        return self.filter(case__is_published=True).filter(
            Exists(Accused.objects.published().filter(charge=OuterRef("pk")))
        )

    def with_accused(self):
        """Each charge's published accused (with party and deciding ruling), its
        amounts and its public sources."""
        from .models import Accused, Amount

        return self.prefetch_related(
            Prefetch(
                "accused",
                queryset=Accused.objects.published().select_related("party", "ruling"),
            ),
            Prefetch("amounts", queryset=Amount.objects.with_source()),
            published_sources(),
        )


class AccusedQuerySet(RecordQuerySet):
    def published(self):
        """A published party named on a charge in a published case, decided (if
        at all) by a published ruling."""
        return self.filter(
            Q(ruling__isnull=True) | Q(ruling__is_published=True),
            charge__case__is_published=True,
            party__is_published=True,
        )


class AmountQuerySet(RecordQuerySet):
    def published(self):
        """Amounts of published charges, sanctions and events."""
        from .models import Charge, Event, Sanction

        return self.filter(
            Q(charge__in=Charge.objects.published())
            | Q(sanction__in=Sanction.objects.published())
            | Q(event__in=Event.objects.published())
        )

    def with_source(self):
        """With the source that states the figure (shown only when public)."""
        return self.select_related("source")

    def matching(self, *, currency=None, amount_min=None, amount_max=None):
        """Amounts in ``currency`` within [amount_min, amount_max]: the figure as
        the source states it, whatever its qualifier ("more than USD 250 million"
        is 250000000)."""
        queryset = self
        if currency:
            queryset = queryset.filter(currency=currency)
        if amount_min is not None:
            queryset = queryset.filter(amount__gte=amount_min)
        if amount_max is not None:
            queryset = queryset.filter(amount__lte=amount_max)
        return queryset


class RulingReviewQuerySet(RecordQuerySet):
    def published(self):
        """Links between two published rulings."""
        return self.filter(
            ruling__is_published=True,
            ruling__case__is_published=True,
            reviewed__is_published=True,
            reviewed__case__is_published=True,
        )


class SanctionQuerySet(RecordQuerySet):
    def published(self):
        """Sanctions on a published party imposed by a published ruling."""
        return self.filter(
            ruling__is_published=True,
            ruling__case__is_published=True,
            party__is_published=True,
        )

    def with_amounts(self):
        """Each sanction's amounts (with their sources) and public sources."""
        from .models import Amount

        return self.prefetch_related(
            Prefetch("amounts", queryset=Amount.objects.with_source()),
            published_sources(),
        )


class EventQuerySet(RecordQuerySet):
    def published(self):
        """Events that name no unpublished party, in a published case — or, for
        an event outside any case, about at least one (published) party."""
        return self.filter(
            Q(case__is_published=True)
            | Q(
                case__isnull=True,
                pk__in=self.model.parties.through.objects.values("event_id"),
            )
        ).exclude(parties__is_published=False)

    def with_details(self):
        from .models import Amount, Party

        return self.prefetch_related(
            Prefetch("parties", queryset=Party.objects.published()),
            Prefetch("amounts", queryset=Amount.objects.with_source()),
            published_sources(),
        )


class StatementQuerySet(RecordQuerySet):
    def published(self):
        """Statements by a published party, about a published case if any."""
        return self.filter(
            Q(case__isnull=True) | Q(case__is_published=True),
            party__is_published=True,
        )
