from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from proceedings.api import views as api_views

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("proceedings.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from its own address, so
    # the docs work under a Content-Security-Policy without inline scripts.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    re_path(r"^api/", api_views.not_found),
]
# The pages, in English at their plain address and under /ru/ and /kk/.
urlpatterns += i18n_patterns(
    path("", include("proceedings.urls")), prefix_default_language=False
)

handler400 = "casetracker.errors.bad_request"
handler403 = "casetracker.errors.permission_denied"
handler500 = "casetracker.errors.server_error"
