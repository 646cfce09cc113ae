"""Root URL configuration: each app mounts its own ``urls`` module here."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("fellesskap.api.urls")),
    path("audit/", include("fellesskap.audit.urls")),
    path("statistikk/", include("fellesskap.stats.urls")),
    path("registry/", include("fellesskap.registry.urls")),
    path("records/", include("fellesskap.records.urls")),
    path("alerts/", include("fellesskap.alerts.urls")),
    path("rules/", include("fellesskap.alerts.rules_urls")),
    path("letters/", include("fellesskap.letters.urls")),
    path("oversight/", include("fellesskap.oversight.urls")),
    path("dashboards/", include("fellesskap.dashboards.urls")),
    path("security/", include("fellesskap.security.urls")),
    path("", include("fellesskap.web.urls")),
]

# A database that cannot be reached answers 503 with a short page, not a 500 (fellesskap/security/unavailable.py).
handler500 = "fellesskap.security.unavailable.server_error"
