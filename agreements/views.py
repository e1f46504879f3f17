"""Conventions: the manager generates them and records the ARS's signature; the porteur downloads and signs."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.selectors import dossier_for_user
from dossiers.services import DossierError
from dossiers.uploads import UploadRefused
from dossiers.views.common import stored_file_response
from qvct.forms import QvctForm

from . import services
from .models import Convention


class SignatureForm(QvctForm):
    signed_on = forms.DateField(
        label="Date de signature", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    scan = forms.FileField(label="Scan de la convention signée (PDF)", required=False)


@role_required(Role.MANAGER)
def call_conventions(request, code: str):
    call = get_object_or_404(Call.objects.filter(region__agents=request.user), code=code)
    if request.method == "POST":
        try:
            made = services.conventions_generate(call=call, user=request.user)
            messages.success(request, f"{made} convention(s) générée(s).")
        except DossierError as error:
            messages.error(request, str(error))
        return redirect("agreements:call", code=code)
    dossiers = list(
        Dossier.objects.filter(
            call=call, status__in=[DossierStatus.NOTIFIED, DossierStatus.CONVENTION_SIGNED]
        )
        .select_related("establishment")
        .order_by("number")
    )
    conventions = {c.dossier_id: c for c in Convention.objects.filter(dossier__in=dossiers)}
    rows = [(dossier, conventions.get(dossier.pk)) for dossier in dossiers]
    return render(
        request,
        "agreements/call.html",
        {
            "call": call,
            "rows": rows,
            "breadcrumb_data": {"current": f"Conventions — {call.short_title}"},
        },
    )


def _convention_for(request, reference: str) -> Convention:
    if request.user.role == Role.ESTABLISHMENT:
        dossier = dossier_for_user(request.user, reference)
    elif request.user.role == Role.MANAGER:
        dossier = get_object_or_404(
            Dossier.objects.filter(call__region__agents=request.user), reference=reference
        )
    else:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(
            "Les conventions sont réservées aux porteurs et aux gestionnaires de campagne."
        )
    return get_object_or_404(Convention.objects.select_related("dossier__call"), dossier=dossier)


def convention_file(request, reference: str):
    convention = _convention_for(request, reference)
    field = (
        convention.signed_file
        if request.GET.get("version") == "signee" and convention.signed_file
        else convention.file
    )
    return stored_file_response(field, f"convention-{reference}.pdf", "application/pdf")


@require_POST
def convention_sign(request, reference: str):
    convention = _convention_for(request, reference)
    form = SignatureForm(request.POST, request.FILES)
    side = "establishment" if request.user.role == Role.ESTABLISHMENT else "agency"
    if form.is_valid():
        try:
            services.convention_sign(
                convention=convention,
                user=request.user,
                side=side,
                signed_on=form.cleaned_data["signed_on"],
                upload=form.cleaned_data["scan"],
            )
            messages.success(request, "Signature enregistrée.")
        except (DossierError, UploadRefused) as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Indiquez la date de signature.")
    if side == "establishment":
        return redirect(convention.dossier)
    return redirect("agreements:call", code=convention.dossier.call.code)
