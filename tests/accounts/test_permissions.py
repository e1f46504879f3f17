"""Every URL answers each role as intended: allowed (200), refused (403) or sent to a login page (302)."""

import pytest
from django.urls import reverse

from accounts.enums import Role

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
EVERYONE = {ANONYMOUS, *Role}

PUBLIC_PAGES = [
    "home",
    "calls:list",
    "accessibility",
    "legal",
    "accounts:password_reset",
    "accounts:password_reset_done",
]

WORKSPACES = {
    "accounts:workspace_establishment": Role.ESTABLISHMENT,
    "accounts:workspace_instruction": Role.INSTRUCTOR,
    "accounts:workspace_campaigns": Role.MANAGER,
    "accounts:workspace_committee": Role.COMMITTEE,
    "accounts:workspace_support": Role.ARACT,
    "accounts:workspace_stats": Role.VIEWER,
    "accounts:workspace_admin": Role.ADMIN,
}


def get(client, users, who, url):
    if who != ANONYMOUS:
        client.force_login(users[who])
    return client.get(url)


@pytest.mark.parametrize("who", sorted(EVERYONE))
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_answer_everyone(client, users, calls, who, name):
    assert get(client, users, who, reverse(name)).status_code == 200


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_call_pages_answer_everyone(client, users, calls, who):
    assert get(client, users, who, calls["clact-grand-est-2024"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", sorted(EVERYONE))
@pytest.mark.parametrize("name", sorted(WORKSPACES))
def test_each_workspace_is_for_its_role_only(client, users, calls, who, name):
    url = reverse(name)
    response = get(client, users, who, url)
    if who == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    elif who == WORKSPACES[name]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "Cette page est réservée aux rôles suivants" in response.content.decode()


@pytest.mark.parametrize("role", sorted(Role))
def test_landing_sends_each_role_to_its_workspace(client, users, role):
    expected = next(name for name, owner in WORKSPACES.items() if owner == role)
    response = get(client, users, role, reverse("accounts:landing"))
    assert response["Location"] == reverse(expected)


def test_landing_asks_anonymous_users_to_log_in(client):
    assert client.get(reverse("accounts:landing"))["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_login_page_is_for_anonymous_users(client, users, who):
    response = get(client, users, who, reverse("accounts:login"))
    assert response.status_code == (200 if who == ANONYMOUS else 302)


@pytest.mark.parametrize("who", sorted(EVERYONE))
@pytest.mark.parametrize("name", ["admin:index", "admin:calls_call_changelist"])
def test_the_back_office_is_for_managers_and_administrators(client, users, calls, who, name):
    response = get(client, users, who, reverse(name))
    if who in {Role.MANAGER, Role.ADMIN}:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        login_pages = (reverse("admin:login"), reverse("accounts:login"))
        assert response["Location"].startswith(login_pages)


def test_a_manager_edits_only_the_calls_of_their_region(client, calls):
    from tests.accounts.factories import UserFactory

    manager = UserFactory(manager=True, regions=["28"])
    client.force_login(manager)
    assert (
        client.get(reverse("admin:calls_call_change", args=[calls["aac-normandie-2024"].pk])).status_code
        == 200
    )
    response = client.get(reverse("admin:calls_call_change", args=[calls["clact-grand-est-2024"].pk]))
    assert response.status_code == 302  # Django's admin redirects an object outside the queryset to the list


def test_an_agent_sees_only_the_calls_of_their_region(client, calls):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(instructor=True, regions=["28"]))
    text = client.get(reverse("accounts:workspace_instruction")).content.decode()
    assert "Accompagnement QVCT Normandie 2024" in text
    assert "CLACT Grand Est 2024" not in text


def test_unknown_pages_are_a_404_in_dsfr(client):
    response = client.get("/page-qui-n-existe-pas/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()
    assert "fr-header" in response.content.decode()


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_logout_answers_everyone_with_a_redirect_home(client, users, who):
    if who != ANONYMOUS:
        client.force_login(users[who])
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("home")


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_a_password_reset_link_that_is_not_valid_says_so(client, users, who):
    if who != ANONYMOUS:
        client.force_login(users[who])
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "faux-jeton"})
    response = client.get(url)
    assert response.status_code == 200
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_the_error_page_is_in_dsfr_and_needs_no_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Erreur inattendue" in text and "fr-header" in text


def test_a_forbidden_page_explains_itself_in_dsfr(client, users):
    client.force_login(users[Role.VIEWER])
    response = client.get(reverse("accounts:workspace_instruction"))
    text = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in text and "Instructeur ARS" in text
