from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Case, Court, Party


class StaticSitemap(Sitemap):
    def items(self):
        return [
            "proceedings:home",
            "proceedings:case-list",
            "proceedings:party-list",
            "proceedings:court-list",
        ]

    def location(self, name):
        return reverse(name)


class PublishedSitemap(Sitemap):
    """Published records only, like every public surface."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


sitemaps = {
    "pages": StaticSitemap(),
    "cases": PublishedSitemap(Case),
    "parties": PublishedSitemap(Party),
    "courts": PublishedSitemap(Court),
}
