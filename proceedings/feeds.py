"""Atom feeds. Items start from published(), like every public surface."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from .models import Ruling


class LatestRulingsFeed(Feed):
    """Atom feed of the latest published rulings."""

    feed_type = Atom1Feed
    title = _("casetracker: latest rulings")
    subtitle = _("Decisions in the proceedings casetracker follows, newest first.")
    link = "/"

    def items(self):
        return (
            Ruling.objects.published()
            .select_related("case__court", "court")
            .order_by("-updated_at", "-id")[:30]
        )

    def item_title(self, ruling):
        return f"{ruling.case.title}: {ruling}"

    def item_description(self, ruling):
        # Atom's <summary type="html"> is HTML: the summary is plain text an
        # editor typed, so it goes in escaped, and a "<script>" in it reaches a
        # feed reader as those eight characters.
        when = f"{ruling.date_partial}. " if ruling.date_partial else ""
        text = f"{when}{ruling.get_kind_display().capitalize()}. {ruling.summary}"
        return linebreaks(text, autoescape=True)

    def item_link(self, ruling):
        return ruling.get_absolute_url()

    def item_updateddate(self, ruling):
        return ruling.updated_at

    def item_pubdate(self, ruling):
        return ruling.created_at
