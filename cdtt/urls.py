"""The URL map: the apps' pages, the API under /api/v1/ with its schema and docs, the admin."""

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cdtt.activities import pwa

# Swagger UI injects one fixed <style> element: allowed by its hash on this page only.
api_docs = csp_update({"style-src": ["'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

handler400 = "cdtt.http.bad_request"
handler404 = "cdtt.http.not_found"  # JSON under /api/, the usual page elsewhere

urlpatterns = [
    path("", include("cdtt.portal.urls")),
    path("", include("cdtt.accounts.urls")),  # /accounts/…, and /kich-hoat/ of the slips
    path("home/", include("cdtt.home.urls")),
    path("units/", include("cdtt.orgunits.urls")),
    path("teams/", include("cdtt.teams.urls")),
    path("audit/", include("cdtt.audit.urls")),
    path("reports/", include("cdtt.reports.urls")),
    path("dashboard/", include("cdtt.dashboard.urls")),
    path("dashboard/", include("cdtt.steering.urls")),  # the committee's pages, same paths
    path("notifications/", include("cdtt.notify.urls")),
    path("jobs/", include("cdtt.jobs.urls")),
    path("sessions/", include("cdtt.helpsessions.urls")),
    path("activities/", include("cdtt.activities.urls")),
    path("skills/", include("cdtt.skills.urls")),
    path("sw.js", pwa.service_worker, name="pwa-sw"),
    path("manifest.webmanifest", pwa.manifest, name="pwa-manifest"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("cdtt.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
]
