"""Atom feeds. Items start from published(), like every public surface.

``LatestRulingsFeed`` is the whole site's. ``CaseFeed``, ``PartyFeed`` and
``CourtFeed`` follow one record: its rulings, sanctions and events, newest change
first, each item updated when its record is (so a feed reader shows a corrected
ruling again).
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .filters import RulingFilter, list_query
from .models import Case, Court, Event, Party, Ruling, Sanction
from .querysets import decided_by

ITEMS = 50  # per feed


def escaped(text):
    # Atom's <summary type="html"> is HTML: the text is plain text an editor
    # typed, so it goes in escaped, and a "<script>" in it reaches a feed reader
    # as those eight characters.
    return linebreaks(text, autoescape=True)


class ItemsFeed(Feed):
    """How a ruling, a sanction or an event reads as a feed item."""

    feed_type = Atom1Feed

    def item_title(self, item):
        if isinstance(item, Ruling):
            return _("%(case)s: %(ruling)s") % {"case": item.case.title, "ruling": item}
        if isinstance(item, Sanction):
            return _("%(party)s: %(sanction)s (%(status)s)") % {
                "party": item.party.name,
                "sanction": item.get_kind_display(),
                "status": item.get_status_display(),
            }
        where = item.case.title if item.case_id else _("outside any case")
        return _("%(where)s: %(event)s") % {
            "where": where,
            "event": item.get_kind_display(),
        }

    def item_description(self, item):
        if isinstance(item, Ruling):
            when = f"{item.date_partial}. " if item.date_partial else ""
            return escaped(
                f"{when}{item.get_kind_display().capitalize()}. {item.summary}"
            )
        if isinstance(item, Sanction):
            return escaped(f"{item.ruling.case.title}. {item.note}".strip())
        when = f"{item.date_partial}. " if item.date_partial else ""
        return escaped(f"{when}{item.description}")

    def item_link(self, item):
        if isinstance(item, Event):
            if item.case_id:
                return f"{item.case.get_absolute_url()}#event-{item.pk}"
            # outside any case: on the page of each of its parties (all of them
            # published, or the event would not be)
            first = min(item.parties.all(), key=lambda party: party.pk)
            return f"{first.get_absolute_url()}#event-{item.pk}"
        return item.get_absolute_url()

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at


class LatestRulingsFeed(ItemsFeed):
    """Atom feed of the latest published rulings."""

    title = gettext_lazy("casetracker: latest rulings")
    subtitle = gettext_lazy(
        "Decisions in the proceedings casetracker follows, newest first."
    )
    link = "/"

    def items(self):
        return (
            Ruling.objects.published()
            .select_related("case__court", "court")
            .order_by("-updated_at", "-id")[:30]
        )


class RulingListFeed(LatestRulingsFeed):
    """The rulings of a filtered list, /rulings/feed/?country=CH: the filters
    of /rulings/ (names accepted, as on the page), newest change first. A bad
    filter is a 400 saying what to type, as on the page."""

    def __call__(self, request, *args, **kwargs):
        filterset = RulingFilter(
            request.GET or None,
            queryset=Ruling.objects.published(),
            request=request,
            by_name=True,
        )
        if filterset.is_bound and not filterset.is_valid():
            problems = [
                f"{name}: {' '.join(errors)}"
                for name, errors in filterset.parameter_errors().items()
            ]
            return HttpResponseBadRequest(
                "\n".join(problems), content_type="text/plain; charset=utf-8"
            )
        self.filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.filterset, list_query(request.GET).urlencode()

    def title(self, listed):
        filterset, _query = listed
        return _("casetracker: %(rulings)s") % {
            "rulings": filterset.summary() or _("Rulings")
        }

    def link(self, listed):
        _filterset, query = listed
        return reverse("proceedings:ruling-list") + (f"?{query}" if query else "")

    def feed_url(self, listed):
        _filterset, query = listed
        return reverse("proceedings:ruling-list-feed") + (f"?{query}" if query else "")

    def subtitle(self, listed):
        return _("New and changed rulings in this list, newest first.")

    def items(self, listed):
        filterset, _query = listed
        return filterset.qs.select_related("case__court", "court").order_by(
            "-updated_at", "-id"
        )[:ITEMS]


class RecordFeed(ItemsFeed):
    """The rulings, sanctions and events about one published record."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model.objects.published(), slug=slug)

    def link(self, record):
        return record.get_absolute_url()

    def items(self, record):
        rulings, sanctions, events = self.querysets(record)
        newest = ("-updated_at", "-id")
        items = [
            *rulings.select_related("case__court", "court").order_by(*newest)[:ITEMS],
            *sanctions.select_related("ruling__case", "party").order_by(*newest)[
                :ITEMS
            ],
            *events.select_related("case")
            .prefetch_related("parties")
            .order_by(*newest)[:ITEMS],
        ]
        items.sort(key=lambda item: (item.updated_at, item.pk), reverse=True)
        return items[:ITEMS]

    def item_guid(self, item):
        return f"{item._meta.model_name}-{item.pk}"

    item_guid_is_permalink = False


class CaseFeed(RecordFeed):
    model = Case

    def title(self, case):
        return _("casetracker: %(case)s") % {"case": case.title}

    def subtitle(self, case):
        return _("New and changed rulings, sanctions and events in this case.")

    def querysets(self, case):
        return (
            Ruling.objects.published().filter(case=case),
            Sanction.objects.published().filter(ruling__case=case),
            Event.objects.published().filter(case=case),
        )


class PartyFeed(RecordFeed):
    model = Party

    def title(self, party):
        return _("casetracker: %(party)s") % {"party": party.name}

    def subtitle(self, party):
        return _(
            "New and changed rulings in their cases, sanctions on them and events "
            "about them."
        )

    def querysets(self, party):
        cases = Case.objects.published().filter(
            participations__in=party.participations.published()
        )
        return (
            Ruling.objects.published().filter(case__in=cases),
            Sanction.objects.published().filter(party=party),
            Event.objects.published().filter(parties=party),
        )


class CourtFeed(RecordFeed):
    model = Court

    def title(self, court):
        return _("casetracker: %(court)s") % {"court": court.name}

    def subtitle(self, court):
        return _("New and changed rulings, sanctions and events before this court.")

    def querysets(self, court):
        return (
            Ruling.objects.published().filter(decided_by(court)),
            Sanction.objects.published().filter(decided_by(court, "ruling__")),
            Event.objects.published().filter(case__court=court),
        )
