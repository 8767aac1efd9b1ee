from django.urls import path

from . import views

app_name = "proceedings"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("parties/<slug:slug>/", views.PartyDetailView.as_view(), name="party-detail"),
    path("courts/<slug:slug>/", views.CourtDetailView.as_view(), name="court-detail"),
]
