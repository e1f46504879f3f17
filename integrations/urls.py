"""URLs of the Démarches Simplifiées sync, under /demarches-simplifiees/."""

from django.urls import path

from .views import sync

app_name = "integrations"

urlpatterns = [
    path("<slug:code>/", sync.ds_page, name="sync"),
    path("<slug:code>/synchroniser/", sync.ds_launch, name="launch"),
]
