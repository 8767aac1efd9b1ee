from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from proceedings.api import views as api_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("proceedings.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    re_path(r"^api/", api_views.not_found),
    path("", include("proceedings.urls")),
]
