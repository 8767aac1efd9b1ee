from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from .models import Case, Court, Party


class InEveryLanguage:
    """Every address in each language, with its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(InEveryLanguage, Sitemap):
    def items(self):
        return [
            "proceedings:home",
            "proceedings:case-list",
            "proceedings:party-list",
            "proceedings:court-list",
        ]

    def location(self, name):
        return reverse(name)


class PublishedSitemap(InEveryLanguage, GenericSitemap):
    pass


def published(model):
    """Published records only, like every public surface, newest change known."""
    return PublishedSitemap(
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
