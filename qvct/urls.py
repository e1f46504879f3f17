"""URLs of Guichet QVCT: public pages, accounts, calls and the back office."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from accounts import urls as accounts_urls
from api.urls import api_urls
from workspaces import urls as workspaces_urls

from . import health, views

handler404 = "qvct.views.page_not_found"
handler500 = "qvct.views.server_error"

admin.site.site_header = "Guichet QVCT — back-office"
admin.site.site_title = "Guichet QVCT"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
    path("sante/", health.health, name="health"),
    path("sante/pret/", health.readiness, name="readiness"),
    path("", include("dossiers.urls")),
    path("instruction/", include("review.urls")),
    path("financement/", include("funding.urls")),
    path("conventions/", include("agreements.urls")),
    path("suivi/", include("monitoring.urls")),
    path("accompagnement/", include("support.urls")),
    path("appels/", include("calls.urls")),
    path("statistiques/", include("stats.urls")),
    path("exports/", include("qvct.exports.urls")),
    path("donnees-ouvertes/", include("stats.opendata_urls")),
    path("demarches-simplifiees/", include("integrations.urls")),
    # The workspaces left accounts for their own app (they read every domain app) but keep their `accounts:` names.
    path("", include((accounts_urls.urlpatterns + workspaces_urls.urlpatterns, "accounts"))),
    path("", include("api.urls")),
    api_urls(),
    path("admin/", admin.site.urls),
]

if settings.PROCONNECT_ENABLED:
    from mozilla_django_oidc import views as oidc_views

    urlpatterns += [
        path(
            "oidc/authenticate/",
            login_not_required(oidc_views.OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "oidc/callback/",
            login_not_required(oidc_views.OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
        path("oidc/logout/", oidc_views.OIDCLogoutView.as_view(), name="oidc_logout"),
    ]
