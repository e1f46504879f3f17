"""Co-editor invitations: accepted by their recipient through a single-use link, revocable, removable."""

import datetime as dt
import hashlib
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from dossiers import invitations
from dossiers.enums import EventKind, InvitationState
from dossiers.models import Dossier, Invitation
from tests.accounts.factories import UserFactory
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def sent_token(message) -> str:
    return re.search(r"/invitations/([\w-]+)/", message.body).group(1)


def invite(dossier, porteur, email, django_capture_on_commit_callbacks, now=None):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.invitation_create(dossier=dossier, user=porteur, email=email, now=now)
    return invitation, sent_token(mail.outbox[-1])


@pytest.fixture
def outsider(db):
    """A porteur of another establishment, in another region."""
    return UserFactory(establishment=EstablishmentFactory(normandie=True), email="outsider@example.org")


def test_an_invitation_gives_no_access_until_it_is_accepted(
    dossier, porteur, outsider, django_capture_on_commit_callbacks
):
    invite(dossier, porteur, "outsider@example.org", django_capture_on_commit_callbacks)
    assert not dossier.editors.exists()
    assert not Dossier.objects.editable_by(outsider).exists()
    kinds = list(dossier.events.values_list("kind", "summary"))
    assert (EventKind.EDITOR_INVITED, "Invitation envoyée à outsider@example.org") in kinds
    assert not dossier.events.filter(kind=EventKind.EDITOR_JOINED).exists()


def test_the_link_is_sent_by_email_and_only_its_hash_is_stored(
    dossier, porteur, django_capture_on_commit_callbacks
):
    invitation, token = invite(dossier, porteur, " Nadia@Example.ORG ", django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["nadia@example.org"]
    assert invitation.email == "nadia@example.org"
    assert token not in invitation.token_hash
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitations.invitation_for_token(token) == invitation
    assert "jusqu'au" in message.body and "créerez en acceptant" in message.body


def test_the_link_expires_after_the_configured_number_of_days(
    dossier, porteur, outsider, settings, django_capture_on_commit_callbacks
):
    settings.QVCT_INVITATION_DAYS = 3
    now = timezone.now()
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks, now=now)
    assert invitation.expires_at == now + dt.timedelta(days=3)
    assert invitation.state(now + dt.timedelta(days=3, seconds=-1)) == InvitationState.PENDING
    later = now + dt.timedelta(days=3)
    assert invitation.state(later) == InvitationState.EXPIRED
    with pytest.raises(invitations.InvitationError, match="n'est pas ou plus valable"):
        invitations.invitation_accept(invitation=invitation, user=outsider, now=later)
    assert not dossier.editors.exists()


def test_accepting_adds_the_recipient_and_writes_the_arrival_to_history(
    dossier, porteur, outsider, django_capture_on_commit_callbacks
):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_accept(invitation=invitation, user=outsider)
    assert list(dossier.editors.all()) == [outsider]
    invitation.refresh_from_db()
    assert invitation.state() == InvitationState.ACCEPTED and invitation.accepted_by == outsider
    joined = dossier.events.get(kind=EventKind.EDITOR_JOINED)
    assert joined.actor == outsider
    assert joined.summary == f"{outsider.get_full_name()} a rejoint le dossier"


def test_a_link_works_once(dossier, porteur, outsider, django_capture_on_commit_callbacks):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_accept(invitation=invitation, user=outsider)
    with pytest.raises(invitations.InvitationError, match="n'est pas ou plus valable"):
        invitations.invitation_accept(invitation=invitation, user=outsider)
    assert dossier.events.filter(kind=EventKind.EDITOR_JOINED).count() == 1


def test_only_the_invited_address_can_accept(dossier, porteur, outsider, django_capture_on_commit_callbacks):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    other = UserFactory(establishment=EstablishmentFactory())
    with pytest.raises(invitations.InvitationError, match="autre adresse"):
        invitations.invitation_accept(invitation=invitation, user=other)
    assert not dossier.editors.exists()


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.MANAGER, Role.ADMIN])
def test_an_agent_account_is_refused_at_acceptance_not_at_invitation(
    dossier, porteur, role, django_capture_on_commit_callbacks
):
    agent = UserFactory(role=role, email="agent@ars.sante.fr")
    invitation, _ = invite(dossier, porteur, "Agent@ARS.sante.fr", django_capture_on_commit_callbacks)
    with pytest.raises(invitations.InvitationError) as refusal:
        invitations.invitation_accept(invitation=invitation, user=agent)
    assert str(refusal.value) == invitations.ACCOUNT_REFUSED
    assert not dossier.editors.exists()
    assert invitation.state() == InvitationState.PENDING


def test_an_account_is_created_only_when_the_recipient_accepts(
    dossier, porteur, django_capture_on_commit_callbacks
):
    invitation, _ = invite(dossier, porteur, "nouvelle@example.org", django_capture_on_commit_callbacks)
    assert not User.objects.filter(email="nouvelle@example.org").exists()
    user = invitations.invitation_accept_creating_account(
        invitation=invitation, first_name="Nadia", last_name="Haddad", password="un-mot-de-passe-solide"
    )
    assert user.email == "nouvelle@example.org" and user.role == Role.ESTABLISHMENT
    assert user.check_password("un-mot-de-passe-solide")
    assert not user.establishments.exists()
    assert list(dossier.editors.all()) == [user]


def test_no_account_is_created_when_the_link_is_no_longer_valid(
    dossier, porteur, django_capture_on_commit_callbacks
):
    invitation, _ = invite(dossier, porteur, "nouvelle@example.org", django_capture_on_commit_callbacks)
    invitations.invitation_revoke(invitation=invitation, user=porteur)
    with pytest.raises(invitations.InvitationError):
        invitations.invitation_accept_creating_account(
            invitation=invitation, first_name="N", last_name="H", password="un-mot-de-passe-solide"
        )
    assert not User.objects.filter(email="nouvelle@example.org").exists()


def test_a_revoked_invitation_cannot_be_accepted_and_history_says_so(
    dossier, porteur, outsider, django_capture_on_commit_callbacks
):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_revoke(invitation=invitation, user=porteur)
    invitation.refresh_from_db()
    assert invitation.state() == InvitationState.REVOKED and invitation.revoked_by == porteur
    event = dossier.events.get(kind=EventKind.INVITATION_REVOKED)
    assert (event.actor, event.summary) == (porteur, "Invitation de outsider@example.org révoquée")
    with pytest.raises(invitations.InvitationError):
        invitations.invitation_accept(invitation=invitation, user=outsider)
    with pytest.raises(invitations.InvitationError, match="ne peut plus être révoquée"):
        invitations.invitation_revoke(invitation=invitation, user=porteur)


def test_inviting_again_renews_the_open_invitation_and_voids_the_old_link(
    dossier, porteur, outsider, django_capture_on_commit_callbacks
):
    first, old_token = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    second, new_token = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    assert first.pk == second.pk and Invitation.objects.count() == 1
    assert invitations.invitation_for_token(old_token) is None
    assert invitations.invitation_for_token(new_token) == second


def test_an_address_can_be_invited_again_after_a_revocation(
    dossier, porteur, outsider, django_capture_on_commit_callbacks
):
    first, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_revoke(invitation=first, user=porteur)
    second, token = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    assert second.pk != first.pk
    invitations.invitation_accept(invitation=invitations.invitation_for_token(token), user=outsider)
    assert list(dossier.editors.all()) == [outsider]


def test_a_coeditor_is_not_invited_twice(dossier, porteur, outsider, django_capture_on_commit_callbacks):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_accept(invitation=invitation, user=outsider)
    with pytest.raises(invitations.InvitationError, match="co-rédige déjà"):
        invitations.invitation_create(dossier=dossier, user=porteur, email=outsider.email.upper())


def test_a_coeditor_is_removed_and_history_says_who_removed_whom(
    dossier, porteur, outsider, django_capture_on_commit_callbacks
):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_accept(invitation=invitation, user=outsider)
    invitations.coeditor_remove(dossier=dossier, user=porteur, editor=outsider)
    assert not dossier.editors.exists()
    assert not Dossier.objects.editable_by(outsider).exists()
    event = dossier.events.get(kind=EventKind.EDITOR_REMOVED)
    assert (event.actor, event.summary) == (porteur, f"{outsider.get_full_name()} a été retiré·e du dossier")


def test_a_coeditor_leaves_the_dossier(dossier, porteur, outsider, django_capture_on_commit_callbacks):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_accept(invitation=invitation, user=outsider)
    invitations.coeditor_remove(dossier=dossier, user=outsider, editor=outsider)
    assert dossier.events.get(kind=EventKind.EDITOR_REMOVED).summary.endswith("a quitté le dossier")


def test_the_last_person_with_access_cannot_leave(
    dossier, porteur, outsider, django_capture_on_commit_callbacks
):
    invitation, _ = invite(dossier, porteur, outsider.email, django_capture_on_commit_callbacks)
    invitations.invitation_accept(invitation=invitation, user=outsider)
    porteur.is_active = False
    porteur.save()
    with pytest.raises(invitations.InvitationError, match="dernière personne"):
        invitations.coeditor_remove(dossier=dossier, user=outsider, editor=outsider)
    assert list(dossier.editors.all()) == [outsider]


def test_only_a_coeditor_can_be_removed(dossier, porteur, outsider):
    with pytest.raises(invitations.InvitationError, match="ne co-rédige pas"):
        invitations.coeditor_remove(dossier=dossier, user=porteur, editor=outsider)
