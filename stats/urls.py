"""URLs of the dashboards, under /statistiques/."""

from django.urls import path

from .views import auditor, dashboards

app_name = "stats"

urlpatterns = [
    path("", dashboards.overview, name="dashboard"),
    path("imprimer/", dashboards.overview_print, name="dashboard_print"),
    path("appel/<slug:code>/", dashboards.call_dashboard, name="call"),
    path("appel/<slug:code>/imprimer/", dashboards.call_print, name="call_print"),
    path("dossier/<str:reference>/archive.zip", auditor.archive, name="auditor_archive"),
]
