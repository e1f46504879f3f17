"""Login, password reset and the role workspaces."""

from django.urls import path

from .views import auth, workspaces

app_name = "accounts"

urlpatterns = [
    path("compte/connexion/", auth.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", auth.LogoutView.as_view(), name="logout"),
    path("compte/mot-de-passe/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("compte/mot-de-passe/envoye/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "compte/mot-de-passe/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "compte/mot-de-passe/termine/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("espace/", workspaces.landing, name="landing"),
    path("espace/etablissement/", workspaces.establishment, name="workspace_establishment"),
    path("espace/instruction/", workspaces.instruction, name="workspace_instruction"),
    path("espace/campagnes/", workspaces.campaigns, name="workspace_campaigns"),
    path("espace/comite/", workspaces.committee, name="workspace_committee"),
    path("espace/accompagnement/", workspaces.support, name="workspace_support"),
    path("espace/statistiques/", workspaces.stats, name="workspace_stats"),
    path("espace/administration/", workspaces.administration, name="workspace_admin"),
]
