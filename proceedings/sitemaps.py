from django.contrib.sitemaps import GenericSitemap, Sitemap
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


def published(model):
    """Published records only, like every public surface, newest change known."""
    return GenericSitemap(
        {
            "queryset": model.objects.published().order_by("pk"),
            "date_field": "updated_at",
        }
    )


sitemaps = {
    "pages": StaticSitemap(),
    "cases": published(Case),
    "parties": published(Party),
    "courts": published(Court),
}
