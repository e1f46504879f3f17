"""Checking and filing the dossier, its receipt, the exports, withdrawal and co-editors."""

import json

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.models import User
from dossiers import services
from dossiers.documents_pdf import dossier_pdf, receipt_pdf
from dossiers.forms import InvitationForm, WithdrawForm
from dossiers.interchange import dossier_to_data
from dossiers.notifications import invitation_send
from dossiers.sections import dossier_sections, finding_url
from dossiers.workflow import TransitionError

from .common import porteur_dossier


def confirm(request, reference: str):
    dossier = porteur_dossier(request, reference)
    if request.method == "POST":
        try:
            dossier, filed_now = services.dossier_submit(dossier=dossier, user=request.user)
        except services.SubmissionRefused as error:
            messages.error(request, str(error))
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            if filed_now:
                messages.success(
                    request, "Votre dossier est déposé. L'accusé de réception vous a été envoyé par courriel."
                )
            else:
                messages.info(request, "Ce dossier était déjà déposé : rien n'a été refait.")
            return redirect(dossier)
        dossier = porteur_dossier(request, reference)
    result = services.dossier_check(dossier)
    actions = list(dossier.actions.all())
    sections = dossier_sections(dossier, result)
    return render(
        request,
        "dossiers/confirm.html",
        {
            "dossier": dossier,
            "spec": dossier.call.spec,
            "result": result,
            "sections": sections,
            "incomplete": [section for section in sections if section.missing],
            "blockers": [
                {"finding": f, "url": finding_url(dossier, f, actions)}
                for f in result.findings
                if f.code in services.SUBMISSION_BLOCKERS
            ],
            "others": [
                {"finding": f, "url": finding_url(dossier, f, actions)}
                for f in result.findings
                if f.code not in services.SUBMISSION_BLOCKERS
            ],
            "actions": actions,
            "attachments": [d for d in dossier.documents.all() if d.action_id is None],
            "breadcrumb_data": {
                "links": [{"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"}],
                "current": "Vérifier et déposer",
            },
        },
    )


def receipt(request, reference: str):
    dossier = porteur_dossier(request, reference)
    if not dossier.submitted_at:
        messages.error(request, "L'accusé de réception est disponible une fois le dossier déposé.")
        return redirect(dossier)
    response = HttpResponse(receipt_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="accuse-reception-{dossier.reference}.pdf"'
    return response


def export_pdf(request, reference: str):
    dossier = porteur_dossier(request, reference)
    response = HttpResponse(dossier_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{dossier.reference}.pdf"'
    return response


def export_json(request, reference: str):
    dossier = porteur_dossier(request, reference)
    # The establishment's copy: a funding decision shows only once notified.
    body = json.dumps(
        {**dossier_to_data(dossier), "status": dossier.public_status}, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dossier-{dossier.reference}.json"'
    return response


def withdraw(request, reference: str):
    dossier = porteur_dossier(request, reference)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_withdraw(dossier=dossier, user=request.user, reason=form.cleaned_data["reason"])
        except (services.DossierError, TransitionError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Votre désistement est enregistré.")
        return redirect(dossier)
    return render(
        request,
        "dossiers/withdraw.html",
        {
            "dossier": dossier,
            "form": form,
            "breadcrumb_data": {
                "links": [{"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"}],
                "current": "Se désister",
            },
        },
    )


@require_POST
def invite(request, reference: str):
    dossier = porteur_dossier(request, reference)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez une adresse électronique valide (format nom@domaine.fr).")
        return redirect(dossier)
    email = form.cleaned_data["email"].lower()
    user = User.objects.filter(email__iexact=email).first()
    password_link = None
    if user is None:
        user = User.objects.create_user(email, None, role=Role.ESTABLISHMENT)
        uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
        password_link = request.build_absolute_uri(
            reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
        )
    elif user.role != Role.ESTABLISHMENT:
        messages.error(
            request, "Cette adresse appartient à un compte d'agent : elle ne peut pas co-rédiger un dossier."
        )
        return redirect(dossier)
    invitation = services.invitation_create(dossier=dossier, user=request.user, email=email)
    services.invitation_accept(invitation=invitation, user=user)
    invitation_send(dossier=dossier, email=email, inviter=request.user, password_link=password_link)
    messages.success(
        request, f"{email} peut désormais co-rédiger ce dossier ; une invitation lui a été envoyée."
    )
    return redirect(dossier)
