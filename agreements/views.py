"""Conventions: the manager generates them and records the ARS's signature; the porteur downloads and signs."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from agreements.exports import CONVENTIONS
from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.services import DossierError
from dossiers.uploads import UploadRefused
from dossiers.views.common import stored_file_response
from funding.selectors import decided_dossier_for
from qvct.dates import WindowedDateField
from qvct.forms import QvctForm
from qvct.storage import StorageFull

from . import services
from .models import Convention


class SignatureForm(QvctForm):
    signed_on = WindowedDateField(label="Date de signature")
    scan = forms.FileField(label="Scan de la convention signée (PDF)", required=False)


@role_required(Role.MANAGER, Role.INSTRUCTOR)
def call_conventions(request, code: str):
    """The region's instructors read the conventions; only its campaign managers generate and sign them."""
    call = get_object_or_404(Call.objects.filter(region__agents=request.user), code=code)
    can_manage = request.user.role == Role.MANAGER
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Seuls les gestionnaires de campagne génèrent les conventions.")
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
            "can_manage": can_manage,
            "export": CONVENTIONS,
            "export_extra": [("appel", call.code)],
            "breadcrumb_data": {"current": f"Conventions — {call.short_title}"},
        },
    )


def _convention_for(request, reference: str) -> Convention:
    dossier = decided_dossier_for(request.user, reference)
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
@role_required(Role.ESTABLISHMENT, Role.MANAGER)
def convention_sign(request, reference: str):
    """The establishment signs its side; the region's campaign manager records the ARS's."""
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
        except (DossierError, UploadRefused, StorageFull) as error:
            messages.error(request, str(error))
    else:
        errors = form.errors.get("signed_on")
        messages.error(request, errors[0] if errors else "Indiquez la date de signature.")
    if side == "establishment":
        return redirect(convention.dossier)
    return redirect("agreements:call", code=convention.dossier.call.code)
