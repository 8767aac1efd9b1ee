from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.APIRootView = views.APIRootView
router.register("courts", views.CourtViewSet, basename="court")
router.register("parties", views.PartyViewSet, basename="party")
router.register("cases", views.CaseViewSet, basename="case")
router.register("rulings", views.RulingViewSet, basename="ruling")
router.register("sanctions", views.SanctionViewSet, basename="sanction")
router.register("relationships", views.RelationshipViewSet, basename="relationship")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    *router.urls,
]
