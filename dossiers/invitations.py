"""Co-editors of a dossier: invited by e-mail, joining only when the recipient accepts, revocable, removable."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.addresses import normalize_email
from accounts.enums import Role
from accounts.models import User

from .enums import EventKind, InvitationState
from .models import Dossier, Invitation
from .notifications import invitation_send
from .services import DossierError, event_record

# One answer for every link that cannot be used (unknown, expired, revoked, already used): it says nothing
# about the dossier or the accounts behind it.
LINK_INVALID = (
    "Ce lien d'invitation n'est pas ou plus valable. Demandez à la personne qui vous a invité·e de vous "
    "envoyer une nouvelle invitation."
)
# Agents and deactivated accounts are refused at acceptance with the same words, never at invitation.
ACCOUNT_REFUSED = (
    "Cette invitation ne peut pas être acceptée avec ce compte. Seul un compte d'établissement peut "
    "co-rédiger un dossier."
)


class InvitationError(DossierError):
    """A refused invitation step, with the French message shown to the user."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def display_name(user) -> str:
    return user.get_full_name() or user.email


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("dossier__establishment", "dossier__call", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_create(
    *, dossier: Dossier, user: User, email: str, now: dt.datetime | None = None
) -> Invitation:
    """Sends (or sends again, renewed) an invitation to `email`; nobody gets access until it is accepted.

    The answer is the same whatever the address belongs to (an agent, another establishment, nobody): the
    inviter learns nothing about accounts.
    """
    email = normalize_email(email)
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    if dossier.editors.filter(email=email).exists():
        raise InvitationError(f"{email} co-rédige déjà ce dossier.")
    values = {
        "token_hash": token_hash(token),
        "invited_by": user,
        "invited_at": now,
        "expires_at": now + dt.timedelta(days=settings.QVCT_INVITATION_DAYS),
    }
    try:
        with transaction.atomic():
            open_invitation = (
                Invitation.objects.select_for_update()
                .filter(dossier=dossier, email=email, accepted_at__isnull=True, revoked_at__isnull=True)
                .first()
            )
            if open_invitation:
                for name, value in values.items():
                    setattr(open_invitation, name, value)
                open_invitation.save(update_fields=list(values))
                invitation = open_invitation
            else:
                invitation = Invitation.objects.create(dossier=dossier, email=email, **values)
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITOR_INVITED,
                summary=f"Invitation envoyée à {email}",
            )
            transaction.on_commit(lambda: invitation_send(invitation=invitation, token=token))
    except IntegrityError as error:
        # Two invitations of the same address at the same instant: the other one went out.
        raise InvitationError(f"Une invitation vient d'être envoyée à {email}.") from error
    return invitation


def invitation_accept(*, invitation: Invitation, user: User, now: dt.datetime | None = None) -> Dossier:
    """The invited person joins the dossier; the link is used up."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("dossier").get(pk=invitation.pk)
        if invitation.state(now) != InvitationState.PENDING:
            raise InvitationError(LINK_INVALID)
        if normalize_email(user.email) != invitation.email:
            raise InvitationError(
                "Cette invitation est adressée à une autre adresse électronique : connectez-vous avec "
                "l'adresse qui l'a reçue."
            )
        if user.role != Role.ESTABLISHMENT or not user.is_active:
            raise InvitationError(ACCOUNT_REFUSED)
        invitation.accepted_at = now or timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        dossier = invitation.dossier
        dossier.editors.add(user)
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.EDITOR_JOINED,
            summary=f"{display_name(user)} a rejoint le dossier",
        )
    return dossier


def invitation_accept_creating_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str, now: dt.datetime | None = None
) -> User:
    """Creates the recipient's account (only now, at acceptance) and accepts the invitation with it."""
    with transaction.atomic():
        if User.objects.filter(email=invitation.email).exists():
            raise InvitationError(
                "Un compte existe déjà pour cette adresse : connectez-vous pour accepter l'invitation."
            )
        user = User.objects.create_user(
            invitation.email, password, role=Role.ESTABLISHMENT, first_name=first_name, last_name=last_name
        )
        invitation_accept(invitation=invitation, user=user, now=now)
    return user


def invitation_revoke(*, invitation: Invitation, user: User, now: dt.datetime | None = None) -> Invitation:
    """Cancels a pending invitation: its link stops working."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("dossier").get(pk=invitation.pk)
        if invitation.state(now) != InvitationState.PENDING:
            raise InvitationError(
                f"Cette invitation est {invitation.state(now).label.lower()} : elle ne peut plus être révoquée."
            )
        invitation.revoked_at = now or timezone.now()
        invitation.revoked_by = user
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        event_record(
            dossier=invitation.dossier,
            actor=user,
            kind=EventKind.INVITATION_REVOKED,
            summary=f"Invitation de {invitation.email} révoquée",
        )
    return invitation


def coeditor_remove(*, dossier: Dossier, user: User, editor: User) -> None:
    """Takes a co-editor off the dossier (or lets one leave), never leaving the dossier without anyone."""
    with transaction.atomic():
        if not dossier.editors.filter(pk=editor.pk).exists():
            raise InvitationError("Cette personne ne co-rédige pas ce dossier.")
        leaving = editor.pk == user.pk
        if leaving:
            others = dossier.editors.exclude(pk=editor.pk).filter(is_active=True).exists()
            members = dossier.establishment.members.filter(is_active=True).exclude(pk=editor.pk).exists()
            if not (others or members):
                raise InvitationError(
                    "Vous êtes la dernière personne à avoir accès à ce dossier : vous ne pouvez pas le quitter."
                )
        dossier.editors.remove(editor)
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.EDITOR_REMOVED,
            summary=f"{display_name(editor)} a quitté le dossier"
            if leaving
            else f"{display_name(editor)} a été retiré·e du dossier",
        )
