"""Public URLs of the grants' open data, under /donnees-ouvertes/: one stable address per call and year."""

from django.urls import path

from .views import opendata

app_name = "opendata"

urlpatterns = [
    path("subventions/", opendata.index, name="index"),
    path("subventions/<int:year>/<slug:code>.csv", opendata.grants_file, name="grants"),
]
