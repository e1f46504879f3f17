"""The co-editor pages: inviting with one neutral answer, the recipient's link, revoking and removing."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from dossiers import invitations
from dossiers.enums import InvitationState
from dossiers.models import Invitation
from tests.accounts.factories import PASSWORD, UserFactory
from tests.helpers import count_queries
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def main_of(response) -> str:
    return re.search(r"<main.*</main>", text_of(response), re.S).group(0)


def link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitations/[\w-]+/)", message.body).group(1)


def post_invite(client, dossier, **data):
    with_commit = client.post(reverse("dossiers:invite", args=[dossier.reference]), data, follow=True)
    return with_commit


@pytest.fixture
def colleague(porteur):
    """A porteur of another establishment of the same legal entity (same FINESS EJ) as the dossier's."""
    own = porteur.establishments.get()
    sister = EstablishmentFactory(finess_ej=own.finess_ej, name="EHPAD DU CH DE SELESTAT")
    return UserFactory(
        establishment=sister, email="colleague@example.org", first_name="Nadia", last_name="Haddad"
    )


def invited(client, dossier, porteur, email, django_capture_on_commit_callbacks):
    client.force_login(porteur)
    with django_capture_on_commit_callbacks(execute=True):
        post_invite(client, dossier, email=email)
    client.logout()
    return link_path(mail.outbox[-1])


def test_inviting_answers_the_same_whatever_the_address_belongs_to(
    client, dossier, porteur, django_capture_on_commit_callbacks
):
    UserFactory(instructor=True, email="agent@ars.sante.fr")
    UserFactory(establishment=EstablishmentFactory(normandie=True), email="ailleurs@example.org")
    client.force_login(porteur)
    answers = {}
    for address in ["agent@ars.sante.fr", "ailleurs@example.org", "inconnue@example.org"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_invite(client, dossier, email=address)
        answers[address] = [str(message) for message in response.context["messages"]]
    assert {tuple(m.replace(a, "X") for m in answer) for a, answer in answers.items()} == {
        ("Invitation envoyée à X. La personne aura accès au dossier quand elle l'aura acceptée.",)
    }
    assert "compte d'agent" not in str(answers)
    assert not User.objects.filter(email="inconnue@example.org").exists()
    assert not dossier.editors.exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(answers)


def test_the_picker_offers_the_establishments_own_accounts_that_have_no_access_yet(
    client, dossier, porteur, colleague, django_capture_on_commit_callbacks
):
    member = UserFactory(establishment=porteur.establishments.get(), email="membre@example.org")
    stranger = UserFactory(establishment=EstablishmentFactory(), email="inconnu@example.org")
    client.force_login(porteur)
    page = text_of(client.get(dossier.get_absolute_url()))
    assert "Une personne de votre établissement" in page
    assert "Nadia Haddad (colleague@example.org)" in page
    assert member.email not in page and stranger.email not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = post_invite(client, dossier, colleague=colleague.pk)
    assert "Invitation envoyée à colleague@example.org" in text_of(response)
    assert Invitation.objects.get().email == "colleague@example.org"


def test_choosing_both_or_neither_is_refused_in_french(client, dossier, porteur, colleague):
    client.force_login(porteur)
    response = post_invite(client, dossier, colleague=colleague.pk, email="autre@example.org")
    assert "pas les deux" in text_of(response)
    response = post_invite(client, dossier)
    assert "Choisissez une personne de la liste ou saisissez son adresse électronique." in text_of(response)
    response = post_invite(client, dossier, email="pas-une-adresse")
    assert "adresse électronique valide" in text_of(response)
    assert not Invitation.objects.exists() and mail.outbox == []


def test_without_colleagues_the_form_asks_for_an_address_only(client, dossier, porteur):
    client.force_login(porteur)
    page = text_of(client.get(dossier.get_absolute_url()))
    assert "Adresse électronique du co-rédacteur" in page
    assert "Une personne de votre établissement" not in page


def test_a_newcomer_creates_their_account_by_accepting(
    client, dossier, porteur, django_capture_on_commit_callbacks
):
    path = invited(client, dossier, porteur, "nouvelle@example.org", django_capture_on_commit_callbacks)
    page = client.get(path)
    assert page.status_code == 200
    assert "Créer votre compte" in text_of(page) and "nouvelle@example.org" in text_of(page)
    assert not User.objects.filter(email="nouvelle@example.org").exists()
    refused = client.post(path, {"first_name": "Nadia", "last_name": "Haddad", "password1": "court"})
    assert refused.status_code == 200 and not User.objects.filter(email="nouvelle@example.org").exists()
    response = client.post(
        path,
        {
            "first_name": "Nadia",
            "last_name": "Haddad",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response["Location"] == dossier.get_absolute_url()
    user = User.objects.get(email="nouvelle@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert list(dossier.editors.all()) == [user]
    page = text_of(client.get(dossier.get_absolute_url()))
    assert "Nadia Haddad a rejoint le dossier" in page


def test_an_existing_account_logs_in_then_accepts(
    client, dossier, porteur, colleague, django_capture_on_commit_callbacks
):
    path = invited(client, dossier, porteur, colleague.email, django_capture_on_commit_callbacks)
    page = text_of(client.get(path))
    assert "Un compte existe déjà" in page and "Créer votre compte" not in page
    login = client.post(
        f"{reverse('accounts:login')}?next={path}",
        {"username": "Colleague@Example.org", "password": PASSWORD, "next": path},
    )
    assert login["Location"] == path
    assert "Accepter l'invitation" in text_of(client.get(path))
    assert not dossier.editors.exists()
    assert client.post(path)["Location"] == dossier.get_absolute_url()
    assert list(dossier.editors.all()) == [colleague]
    assert client.get(dossier.get_absolute_url()).status_code == 200


def test_another_account_is_asked_to_change_account(
    client, dossier, porteur, colleague, django_capture_on_commit_callbacks
):
    path = invited(client, dossier, porteur, colleague.email, django_capture_on_commit_callbacks)
    other = UserFactory(establishment=EstablishmentFactory())
    client.force_login(other)
    page = text_of(client.get(path))
    assert "Vous êtes connecté·e avec une autre adresse" in page
    client.post(path)
    assert not dossier.editors.exists()


def test_an_agent_is_refused_at_acceptance_with_a_neutral_message(
    client, dossier, porteur, django_capture_on_commit_callbacks
):
    agent = UserFactory(instructor=True, email="agent@ars.sante.fr")
    path = invited(client, dossier, porteur, agent.email, django_capture_on_commit_callbacks)
    client.force_login(agent)
    assert client.get(path).status_code == 200
    response = client.post(path, follow=True)
    assert invitations.ACCOUNT_REFUSED in text_of(response)
    assert not dossier.editors.exists()


def test_every_unusable_link_gets_the_same_404_page(
    client, dossier, porteur, colleague, django_capture_on_commit_callbacks
):
    used = invited(client, dossier, porteur, colleague.email, django_capture_on_commit_callbacks)
    client.force_login(colleague)
    client.post(used)
    client.logout()
    revoked = invited(client, dossier, porteur, "revoquee@example.org", django_capture_on_commit_callbacks)
    invitations.invitation_revoke(
        invitation=Invitation.objects.get(email="revoquee@example.org"), user=porteur
    )
    expired = invited(client, dossier, porteur, "expiree@example.org", django_capture_on_commit_callbacks)
    Invitation.objects.filter(email="expiree@example.org").update(expires_at="2020-01-01T00:00:00Z")
    pages = set()
    for path in [used, revoked, expired, "/invitations/inconnu/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        pages.add(main_of(response))
        assert dossier.reference not in text_of(response)
    assert len(pages) == 1


def test_the_dossier_page_lists_invitations_with_their_state(
    client, dossier, porteur, colleague, django_capture_on_commit_callbacks
):
    for address in ["a@example.org", "b@example.org", "c@example.org", colleague.email]:
        invited(client, dossier, porteur, address, django_capture_on_commit_callbacks)
    invitations.invitation_revoke(invitation=Invitation.objects.get(email="b@example.org"), user=porteur)
    Invitation.objects.filter(email="c@example.org").update(expires_at="2020-01-01T00:00:00Z")
    invitations.invitation_accept(invitation=Invitation.objects.get(email=colleague.email), user=colleague)
    client.force_login(porteur)
    page = text_of(client.get(dossier.get_absolute_url()))
    rows = {
        email: state
        for email, state in re.findall(
            r"<td>([\w.@]+)</td>\s*<td><p class=\"fr-badge[^\"]*\">([^<]+)</p>", page
        )
    }
    assert rows == {
        "a@example.org": "En attente",
        "b@example.org": "Révoquée",
        "c@example.org": "Expirée",
        colleague.email: "Acceptée",
    }
    assert page.count(">Révoquer</button>") == 1
    assert "Nadia Haddad (colleague@example.org)" in page


def test_the_porteur_revokes_a_pending_invitation_from_the_page(
    client, dossier, porteur, django_capture_on_commit_callbacks
):
    path = invited(client, dossier, porteur, "a@example.org", django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:invitation_revoke", args=[dossier.reference, invitation.pk]), follow=True
    )
    assert "L'invitation de a@example.org est révoquée" in text_of(response)
    assert "Invitation de a@example.org révoquée" in text_of(response)
    invitation.refresh_from_db()
    assert invitation.state() == InvitationState.REVOKED
    client.logout()
    assert client.get(path).status_code == 404


def test_the_porteur_removes_a_coeditor_and_a_coeditor_leaves(
    client, dossier, porteur, colleague, django_capture_on_commit_callbacks
):
    invited(client, dossier, porteur, colleague.email, django_capture_on_commit_callbacks)
    invitations.invitation_accept(invitation=Invitation.objects.get(), user=colleague)
    client.force_login(porteur)
    url = reverse("dossiers:coeditor_remove", args=[dossier.reference, colleague.pk])
    response = client.post(url, follow=True)
    assert "Nadia Haddad ne co-rédige plus ce dossier." in text_of(response)
    assert "Nadia Haddad a été retiré·e du dossier" in text_of(response)
    client.force_login(colleague)
    assert client.get(dossier.get_absolute_url()).status_code == 404
    dossier.editors.add(colleague)
    response = client.post(url)
    assert response["Location"] == reverse("accounts:landing")
    assert not dossier.editors.exists()


def test_co_editor_actions_are_refused_to_agents_and_other_establishments(
    client, dossier, porteur, colleague, django_capture_on_commit_callbacks
):
    invited(client, dossier, porteur, "a@example.org", django_capture_on_commit_callbacks)
    dossier.editors.add(colleague)
    invitation = Invitation.objects.get()
    urls = [
        reverse("dossiers:invite", args=[dossier.reference]),
        reverse("dossiers:invitation_revoke", args=[dossier.reference, invitation.pk]),
        reverse("dossiers:coeditor_remove", args=[dossier.reference, colleague.pk]),
    ]
    for role in [Role.INSTRUCTOR, Role.MANAGER, Role.COMMITTEE, Role.ARACT, Role.VIEWER, Role.ADMIN]:
        client.force_login(UserFactory(role=role))
        for url in urls:
            assert client.post(url, {"email": "x@example.org"}).status_code == 403, (role, url)
    client.force_login(UserFactory(establishment=EstablishmentFactory()))
    for url in urls:
        assert client.post(url, {"email": "x@example.org"}).status_code == 404, url
    client.logout()
    for url in urls:
        assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(porteur)
    assert client.get(urls[0]).status_code == 405
    assert Invitation.objects.get().state() == InvitationState.PENDING
    assert list(dossier.editors.all()) == [colleague]


def test_the_acceptance_page_renders_for_every_role_holding_the_link(
    client, dossier, porteur, django_capture_on_commit_callbacks
):
    for role in Role:
        user = UserFactory(role=role)
        path = invited(client, dossier, porteur, user.email, django_capture_on_commit_callbacks)
        client.force_login(user)
        assert client.get(path).status_code == 200, role
    client.logout()
    assert client.get(path).status_code == 200


def test_the_dossier_page_queries_stay_flat_with_coeditors_and_invitations(
    client, dossier, porteur, django_capture_on_commit_callbacks
):
    client.force_login(porteur)
    url = dossier.get_absolute_url()
    before, _ = count_queries(lambda: client.get(url))
    for n in range(6):
        invited(client, dossier, porteur, f"invitee{n}@example.org", django_capture_on_commit_callbacks)
        dossier.editors.add(UserFactory(establishment=EstablishmentFactory()))
    client.force_login(porteur)
    after, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    assert after == before
