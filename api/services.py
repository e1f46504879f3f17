"""Writes and checks of personal API tokens: created with a secret shown once, stored as a SHA-256 hash."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .errors import ApiError
from .models import ApiToken

TOKEN_PREFIX = "qvct_"
# A token's use is written at most this often: a client polling the API does not write on every request.
LAST_USE_PRECISION = dt.timedelta(minutes=5)


class TokenRefused(Exception):
    """A token form that cannot be saved, with the French reason."""


def token_hash(secret: str) -> str:
    # The secret is 256 random bits: a plain SHA-256 is enough (no dictionary to guard against).
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, days: int, now: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with its secret, which is never stored and never shown again."""
    name = name.strip()
    if not name:
        raise TokenRefused("Donnez un nom au jeton, pour le reconnaître plus tard.")
    if days not in settings.API_TOKEN_VALIDITY_DAYS:
        raise TokenRefused("Choisissez une durée de validité proposée.")
    now = now or timezone.now()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[: ApiToken._meta.get_field("name").max_length],
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            token_hash=token_hash(secret),
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
    return token, secret


def token_revoke(*, user, pk: int, now: dt.datetime | None = None) -> ApiToken:
    """Revokes one of the user's own tokens; revoking twice keeps the first date."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise TokenRefused("Ce jeton n'existe pas ou ne vous appartient pas.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now())
    token.refresh_from_db()
    return token


def token_authenticate(secret: str, now: dt.datetime | None = None):
    """The user of an active token; raises a 401 ApiError saying why the token is refused."""
    now = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(token_hash=token_hash(secret)).first()
    if token is None:
        raise ApiError(401, "jeton_inconnu", "Ce jeton d'API n'existe pas.")
    if token.revoked_at is not None:
        raise ApiError(401, "jeton_revoque", "Ce jeton d'API a été révoqué : créez-en un nouveau.")
    if token.expires_at <= now:
        raise ApiError(401, "jeton_expire", "Ce jeton d'API a expiré : créez-en un nouveau.")
    if not token.user.is_active:
        raise ApiError(401, "compte_inactif", "Le compte de ce jeton est désactivé.")
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
