"""ProConnect (OpenID Connect) login for agents, enabled only when its client is configured."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .addresses import normalize_email


class ProConnectBackend(OIDCAuthenticationBackend):
    """Logs in an existing, active account whose e-mail matches ProConnect's; never creates one."""

    def filter_users_by_claims(self, claims):
        email = normalize_email(claims.get("email"))
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email=email, is_active=True)

    def verify_claims(self, claims):
        return bool(claims.get("email"))
