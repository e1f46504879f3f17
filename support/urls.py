"""URLs of the support programmes, under /accompagnement/."""

from django.urls import path

from .views import cohorts, selection

app_name = "support"

urlpatterns = [
    path("<slug:code>/selection/", selection.selection, name="selection"),
    path("<slug:code>/selection/<str:reference>/", selection.decide, name="decide"),
    path("<slug:code>/lettres/", selection.letters, name="letters"),
    path("<slug:code>/groupes/", cohorts.cohorts, name="cohorts"),
    path("<slug:code>/groupes/constituer/", cohorts.build, name="build"),
    path("<slug:code>/groupes/<int:pk>/sites/", cohorts.hosts, name="hosts"),
]
