"""The account page of API tokens, under /compte/, and the API itself, under /api/v1/."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import views
from .main import api

app_name = "api"

urlpatterns = [
    path("compte/jetons-api/", views.tokens, name="tokens"),
    path("compte/jetons-api/<int:pk>/revoquer/", views.token_revoke_view, name="token_revoke"),
]


def api_urls():
    """The API's URLs, outside the login-required middleware: the token is checked by the API itself."""
    patterns, app, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return path("api/v1/", include((patterns, app), namespace=namespace))
