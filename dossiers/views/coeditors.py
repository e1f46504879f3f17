"""Co-editors: inviting, revoking and removing from the dossier page, and the recipient's acceptance page."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from dossiers import invitations
from dossiers.enums import InvitationState
from dossiers.invitation_forms import InvitationAccountForm, InvitationForm
from dossiers.selectors import colleagues_to_invite, invitations_of

from .common import porteur_dossier


def coeditors_context(dossier, user) -> dict:
    """What the dossier page shows of its co-editors and invitations, with the form to invite."""
    return {
        "invitation_form": InvitationForm(colleagues=colleagues_to_invite(dossier, user)),
        "invitations": invitations_of(dossier),
    }


@require_POST
def invite(request, reference: str):
    dossier = porteur_dossier(request, reference)
    form = InvitationForm(request.POST, colleagues=colleagues_to_invite(dossier, request.user))
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
        return redirect(dossier)
    address = form.cleaned_data["address"]
    try:
        invitations.invitation_create(dossier=dossier, user=request.user, email=address)
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        # The same words whoever the address belongs to.
        messages.success(
            request,
            f"Invitation envoyée à {address}. La personne aura accès au dossier quand elle l'aura acceptée.",
        )
    return redirect(dossier)


@require_POST
def invitation_revoke(request, reference: str, pk: int):
    dossier = porteur_dossier(request, reference)
    invitation = get_object_or_404(dossier.invitations, pk=pk)
    try:
        invitations.invitation_revoke(invitation=invitation, user=request.user)
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"L'invitation de {invitation.email} est révoquée : son lien ne fonctionne plus."
        )
    return redirect(dossier)


@require_POST
def coeditor_remove(request, reference: str, pk: int):
    dossier = porteur_dossier(request, reference)
    editor = get_object_or_404(dossier.editors, pk=pk)
    try:
        invitations.coeditor_remove(dossier=dossier, user=request.user, editor=editor)
    except invitations.InvitationError as error:
        messages.error(request, str(error))
        return redirect(dossier)
    if editor.pk == request.user.pk:
        messages.success(request, f"Vous avez quitté le dossier {dossier.reference}.")
        return redirect("accounts:landing")
    messages.success(request, f"{invitations.display_name(editor)} ne co-rédige plus ce dossier.")
    return redirect(dossier)


@login_not_required
def accept(request, token: str):
    """The link of the e-mail: the recipient logs in with the invited address, or creates their account."""
    invitation = invitations.invitation_for_token(token)
    if invitation is None or invitation.state() != InvitationState.PENDING:
        return render(request, "dossiers/invitation.html", {"invalid": True}, status=404)
    user = request.user
    account_exists = user.is_authenticated or User.objects.filter(email=invitation.email).exists()
    form = None
    if not user.is_authenticated and not account_exists:
        form = InvitationAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (user.is_authenticated or (form is not None and form.is_valid())):
        try:
            if user.is_authenticated:
                invitations.invitation_accept(invitation=invitation, user=user)
            else:
                user = invitations.invitation_accept_creating_account(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except invitations.InvitationError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, f"Vous co-rédigez désormais le dossier {invitation.dossier.reference}.")
        return redirect(invitation.dossier)
    return render(
        request,
        "dossiers/invitation.html",
        {
            "invitation": invitation,
            "dossier": invitation.dossier,
            "inviter_name": invitations.display_name(invitation.invited_by),
            "form": form,
            "wrong_account": user.is_authenticated and user.email != invitation.email,
            "login_url": f"{reverse('accounts:login')}?next={request.path}",
        },
    )
