"""E-mail login, throttling of repeated failures, logout and password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_user_logs_in_with_their_email_in_any_case(client):
    user = UserFactory(instructor=True, email="ines.bernard@ars.sante.fr")
    response = login(client, "Ines.Bernard@ARS.sante.fr", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:landing")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused_with_a_french_message(client):
    UserFactory(email="a@example.org")
    response = login(client, "a@example.org", "faux")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_throttled(client, settings):
    UserFactory(email="b@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "b@example.org", "faux")
    response = login(client, "b@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_one_account_leaves_the_others_alone(client, settings):
    UserFactory(email="c@example.org")
    UserFactory(email="d@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "c@example.org", "faux")
    assert login(client, "d@example.org", PASSWORD).status_code == 302


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session


def test_an_inactive_user_cannot_log_in(client):
    UserFactory(email="e@example.org", is_active=False)
    assert login(client, "e@example.org", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="f@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "f@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    assert message.subject == "Guichet QVCT : choisir un nouveau mot de passe"
    link = re.search(r"http://testserver(/compte/mot-de-passe/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "un-nouveau-mot-de-passe-solide",
            "new_password2": "un-nouveau-mot-de-passe-solide",
        },
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("un-nouveau-mot-de-passe-solide")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_emails_are_stored_in_lowercase():
    user = User.objects.create_user("Marie.Curie@Example.ORG", "x" * 12)
    assert user.email == "marie.curie@example.org"


def test_proconnect_is_off_by_default(client):
    from django.conf import settings

    assert not settings.PROCONNECT_ENABLED
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()


def test_proconnect_logs_in_only_an_existing_active_account_by_email():
    from accounts.oidc import ProConnectBackend

    user = UserFactory(instructor=True, email="agent@ars.sante.fr")
    UserFactory(email="ancien@ars.sante.fr", is_active=False)
    backend = ProConnectBackend.__new__(ProConnectBackend)
    backend.UserModel = User
    assert list(backend.filter_users_by_claims({"email": "Agent@ARS.sante.fr"})) == [user]
    assert list(backend.filter_users_by_claims({"email": "ancien@ars.sante.fr"})) == []
    assert list(backend.filter_users_by_claims({})) == []
