"""Personal API tokens: created on the account page, shown once, stored hashed, revocable, expiring."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from api.models import ApiToken
from api.services import token_create, token_hash
from tests.accounts.factories import UserFactory
from tests.helpers import assert_flat_queries

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_a_token_created_on_the_account_page_is_shown_once_and_stored_hashed(client, porteur):
    client.force_login(porteur)
    response = client.post(reverse("api:tokens"), {"name": "Tableur de suivi", "days": "90"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("qvct_") and secret in response.content.decode()
    token = ApiToken.objects.get(user=porteur)
    assert token.token_hash == token_hash(secret)
    assert secret not in {token.name, token.prefix, token.token_hash}
    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    again = client.get(reverse("api:tokens"))
    assert secret not in again.content.decode()
    assert "Tableur de suivi" in again.content.decode()


def test_a_token_without_a_name_is_refused_with_a_french_message(client, porteur):
    client.force_login(porteur)
    response = client.post(reverse("api:tokens"), {"name": "  ", "days": "90"})
    assert response.context["secret"] is None
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_validity_not_offered_is_refused(client, porteur):
    client.force_login(porteur)
    response = client.post(reverse("api:tokens"), {"name": "Long", "days": "5000"})
    assert response.context["secret"] is None
    assert not ApiToken.objects.exists()


def test_the_user_revokes_a_token_from_the_account_page_and_it_gets_401_with_a_json_body(client, porteur):
    token, secret = token_create(user=porteur, name="Outil", days=30)
    assert ApiClient(secret).get("/calls").status_code == 200
    client.force_login(porteur)
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "est révoqué" in response.content.decode()
    answer = ApiClient(secret).get("/calls")
    assert answer.status_code == 401
    assert answer.json() == {
        "code": "jeton_revoque",
        "message": "Ce jeton d'API a été révoqué : créez-en un nouveau.",
    }


def test_an_expired_token_gets_401_with_a_json_body(porteur):
    token, secret = token_create(user=porteur, name="Outil", days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    answer = ApiClient(secret).get("/calls")
    assert answer.status_code == 401
    assert answer.json()["code"] == "jeton_expire"


def test_a_request_without_a_token_or_with_an_unknown_one_gets_401_in_french(db):
    missing = ApiClient(None).get("/calls")
    unknown = ApiClient("qvct_inconnu").get("/calls")
    assert (missing.status_code, missing.json()["code"]) == (401, "jeton_absent")
    assert (unknown.status_code, unknown.json()["code"]) == (401, "jeton_inconnu")
    assert "jeton" in missing.json()["message"]


def test_the_token_of_a_deactivated_account_is_refused(porteur):
    _, secret = token_create(user=porteur, name="Outil", days=30)
    porteur.is_active = False
    porteur.save()
    assert ApiClient(secret).get("/calls").json()["code"] == "compte_inactif"


def test_a_user_cannot_revoke_another_users_token(client, porteur):
    token, _secret = token_create(user=UserFactory(), name="Autre", days=30)
    client.force_login(porteur)
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "ne vous appartient pas" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_requests_beyond_the_rate_limit_get_429_in_french(settings, porteur):
    settings.API_RATE_LIMIT = "2/m"
    cache.clear()
    _, secret = token_create(user=porteur, name="Outil", days=30)
    statuses = [ApiClient(secret).get("/calls").status_code for _ in range(3)]
    answer = ApiClient(secret).get("/calls")
    cache.clear()
    assert statuses == [200, 200, 429]
    assert answer.json()["code"] == "trop_de_requetes"
    assert "Retry-After" in answer.headers


@pytest.mark.parametrize("role", list(Role))
def test_the_token_page_renders_for_every_role(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("api:tokens")).status_code == 200


def test_the_token_page_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_token_page_runs_as_many_queries_whatever_the_number_of_tokens(client, porteur):
    client.force_login(porteur)
    token_create(user=porteur, name="Premier", days=30)
    assert_flat_queries(
        client,
        reverse("api:tokens"),
        lambda: [token_create(user=porteur, name=f"Jeton {n}", days=30) for n in range(5)],
    )
