from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import TemplateView

from . import feeds, views
from .sitemaps import sitemaps

app_name = "proceedings"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case-detail"),
    path(
        "cases/<slug:slug>/appeals.svg",
        views.CaseAppealsSVG.as_view(),
        name="case-appeals-svg",
    ),
    path("parties/", views.PartyListView.as_view(), name="party-list"),
    path("parties/<slug:slug>/", views.PartyDetailView.as_view(), name="party-detail"),
    path(
        "parties/<slug:slug>/timeline.svg",
        views.PartyTimelineSVG.as_view(),
        name="party-timeline-svg",
    ),
    path(
        "parties/<slug:slug>/network.svg",
        views.PartyNetworkSVG.as_view(),
        name="party-network-svg",
    ),
    path("courts/", views.CourtListView.as_view(), name="court-list"),
    path("rulings/", views.RulingListView.as_view(), name="ruling-list"),
    path("rulings/feed/", feeds.RulingListFeed(), name="ruling-list-feed"),
    path("sanctions/", views.SanctionListView.as_view(), name="sanction-list"),
    path("courts/<slug:slug>/", views.CourtDetailView.as_view(), name="court-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("data/", views.DataView.as_view(), name="data"),
    path("data/<str:name>", views.data_file, name="data-file"),
    path("feeds/rulings/", feeds.LatestRulingsFeed(), name="ruling-feed"),
    path("cases/<slug:slug>/feed/", feeds.CaseFeed(), name="case-feed"),
    path("parties/<slug:slug>/feed/", feeds.PartyFeed(), name="party-feed"),
    path("courts/<slug:slug>/feed/", feeds.CourtFeed(), name="court-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt", content_type="text/plain; charset=utf-8"
        ),
        name="robots",
    ),
]
