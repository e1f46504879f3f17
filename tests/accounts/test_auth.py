"""E-mail login, throttling of repeated failures, logout and password reset."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
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
    assert list(backend.filter_users_by_claims({"email": " agent@ars.SANTE.fr "})) == [user]
    assert list(backend.filter_users_by_claims({"email": "ancien@ars.sante.fr"})) == []
    assert list(backend.filter_users_by_claims({})) == []


def test_failures_in_any_spelling_of_an_address_count_towards_one_lockout(client, settings):
    UserFactory(email="a@example.org")
    spellings = ["a@example.org", "A@EXAMPLE.ORG", " a@example.org", "A@example.org", "a@Example.Org"]
    for spelling in spellings[: settings.AXES_FAILURE_LIMIT]:
        login(client, spelling, "faux")
    for spelling in [*spellings, "a@EXAMPLE.org ", "\ta@example.ORG"]:
        response = login(client, spelling, PASSWORD)
        assert response.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


def test_twenty_eight_failures_over_seven_spellings_lock_the_account(client):
    UserFactory(email="a@example.org")
    spellings = [
        "a@example.org",
        "A@EXAMPLE.ORG",
        " a@example.org",
        "A@example.org",
        "a@Example.org",
        "a@example.ORG ",
        "A@Example.Org",
    ]
    codes = [login(client, spelling, "faux").status_code for spelling in spellings * 4]
    assert codes.count(429) >= 28 - 5
    assert login(client, "a@example.org", PASSWORD).status_code == 429


def test_a_login_in_another_case_resets_the_same_counter(client, settings):
    UserFactory(email="a@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "A@EXAMPLE.ORG", "faux")
    assert login(client, "a@example.org", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "a@example.org", "faux")
    assert login(client, "A@Example.org", PASSWORD).status_code == 302


def test_password_reset_finds_the_account_in_any_spelling(client, django_capture_on_commit_callbacks):
    UserFactory(email="g@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": " G@Example.ORG "})
    [message] = mail.outbox
    assert message.to == ["g@example.org"]


def test_an_address_is_one_account_whatever_its_spelling():
    User.objects.create_user("h@example.org", "x" * 12)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(" H@Example.ORG", "x" * 12)
    assert User.objects.get(email="H@EXAMPLE.org ").email == "h@example.org"
    User.objects.filter(email="h@example.org").update(email="Autre@Example.org")
    assert User.objects.filter(email="autre@example.org").exists()


def test_the_back_office_stores_a_new_account_normalised_and_refuses_a_second_spelling(client):
    client.force_login(UserFactory(admin=True))
    url = reverse("admin:accounts_user_add")
    data = {
        "role": "establishment",
        "password1": "un-mot-de-passe-solide",
        "password2": "un-mot-de-passe-solide",
    }
    for inline in ("region_memberships", "establishment_memberships"):
        data |= {f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"}
    response = client.post(url, {**data, "email": " Nouveau@Example.ORG"})
    assert response.status_code == 302
    assert User.objects.filter(email="nouveau@example.org").count() == 1
    response = client.post(url, {**data, "email": "NOUVEAU@example.org"})
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    assert User.objects.filter(email__iexact="nouveau@example.org").count() == 1
