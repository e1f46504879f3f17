"""URLs of the exporter, under /exports/."""

from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("liste/<slug:name>/", views.launch, name="launch"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/fichier/", views.download, name="download"),
]
