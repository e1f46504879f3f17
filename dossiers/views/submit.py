"""Checking and filing the dossier, its receipt, the exports and withdrawal."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from dossiers import services
from dossiers.documents_pdf import dossier_pdf, receipt_pdf
from dossiers.forms import WithdrawForm
from dossiers.interchange import dossier_to_data
from dossiers.sections import dossier_sections, finding_url
from dossiers.workflow import TransitionError
from eligibility.catalog import SUBMISSION_BLOCKERS

from .common import porteur_dossier


def confirm(request, reference: str):
    # Filing reads the dossier again, locked (`dossier_submit`): the POST needs only its row to start.
    dossier = porteur_dossier(request, reference, related=request.method != "POST")
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
                if f.code in SUBMISSION_BLOCKERS
            ],
            "others": [
                {"finding": f, "url": finding_url(dossier, f, actions)}
                for f in result.findings
                if f.code not in SUBMISSION_BLOCKERS
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
