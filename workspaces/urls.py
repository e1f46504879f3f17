"""URLs of the role workspaces; the project's URLs put them in the `accounts:` namespace, where links find them."""

from django.urls import path

from . import views

urlpatterns = [
    path("espace/", views.landing, name="landing"),
    path("espace/etablissement/", views.establishment, name="workspace_establishment"),
    path("espace/instruction/", views.instruction, name="workspace_instruction"),
    path("espace/campagnes/", views.campaigns, name="workspace_campaigns"),
    path("espace/comite/", views.committee, name="workspace_committee"),
    path("espace/accompagnement/", views.support, name="workspace_support"),
    path("espace/statistiques/", views.stats, name="workspace_stats"),
    path("espace/administration/", views.administration, name="workspace_admin"),
]
