"""Login and password reset; the role workspaces are in `workspaces/urls.py`, under the same `accounts:` names."""

from django.urls import path

from .views import auth

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
]
