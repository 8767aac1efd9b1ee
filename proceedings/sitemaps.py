from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from .models import Case, Court, Party


class StaticSitemap(Sitemap):
    # Every address in each language, with its hreflang alternates.
    i18n = True
    alternates = True
    x_default = True

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
    """Published records only, like every public surface, newest change known;
    each in every language, with its hreflang alternates."""
    sitemap = GenericSitemap(
        {
            "queryset": model.objects.published().order_by("pk"),
            "date_field": "updated_at",
        }
    )
    sitemap.i18n = sitemap.alternates = sitemap.x_default = True
    return sitemap


sitemaps = {
    "pages": StaticSitemap(),
    "cases": published(Case),
    "parties": published(Party),
    "courts": published(Court),
}
