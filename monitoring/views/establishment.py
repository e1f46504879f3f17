"""The follow-up page of a funded dossier, and what the establishment writes on it (progress, measurements,
invoices, reports). The region's instructors and managers read the same page with their decisions on it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from dossiers.uploads import UploadRefused, upload_limit_label
from dossiers.views.common import stored_file_response
from qvct.storage import StorageFull

from .. import services
from ..enums import LineStatus, ReportStatus
from ..forms import (
    LineDecisionForm,
    LineDocumentForm,
    LineForm,
    MeasurementForm,
    ProgressForm,
    ReportForm,
    RescheduleForm,
    first_error,
)
from ..selectors import action_of, follow_up_for, line_of, report_of, totals
from ..workflow import LineTransitionError

REFUSED = (services.MonitoringError, LineTransitionError, UploadRefused, StorageFull)


def _context(request, follow_up) -> dict:
    dossier = follow_up.dossier
    is_agent = request.user.role != Role.ESTABLISHMENT
    natures = services.expense_natures(dossier.call.spec)
    actions = []
    for item in follow_up.actions.all():
        actions.append(
            {
                "item": item,
                "lines": list(item.lines.all()),
                "measurements": list(item.measurements.all()),
                "indicators": list(item.action.indicators.all()),
                "progress_form": ProgressForm(
                    initial={
                        "progress": item.progress,
                        "started_on": item.started_on,
                        "done_on": item.done_on,
                        "reason": item.abandon_reason,
                    },
                    prefix=f"a{item.pk}",
                ),
                "measurement_form": MeasurementForm(
                    indicators=item.action.indicators.all(), prefix=f"m{item.pk}"
                ),
                "line_form": LineForm(natures=natures, prefix=f"l{item.pk}"),
                "editable": not is_agent and item.closed_at is None and follow_up.closed_at is None,
            }
        )
    return {
        "follow_up": follow_up,
        "dossier": dossier,
        "is_agent": is_agent,
        "can_manage": request.user.role == Role.MANAGER,
        "actions": actions,
        "reports": list(follow_up.reports.all()),
        "totals": totals(follow_up),
        "natures": natures,
        "events": list(follow_up.events.all()),
        "closing": getattr(follow_up, "closing", None) if hasattr(follow_up, "closing") else None,
        "decision_form": LineDecisionForm(),
        "report_form": ReportForm(),
        "reschedule_form": RescheduleForm(),
        "document_form": LineDocumentForm(),
        "upload_limit": upload_limit_label(),
        "statuses": LineStatus,
        "report_statuses": ReportStatus,
        "breadcrumb_data": {"current": f"Suivi du dossier {dossier.reference}"},
    }


def follow_up_page(request, reference: str):
    follow_up = follow_up_for(request.user, reference)
    context = _context(request, follow_up)
    if request.htmx:
        return render(request, "monitoring/includes/follow_up.html", context)
    return render(request, "monitoring/follow_up.html", context)


def _back(request, follow_up):
    """After a write: the refreshed follow-up (htmx: the part of the page, so the totals update in place)."""
    if request.htmx:
        fresh = follow_up_for(request.user, follow_up.dossier.reference)
        return render(request, "monitoring/includes/follow_up.html", _context(request, fresh))
    return redirect("monitoring:dossier", follow_up.dossier.reference)


def _refused(request, text: str) -> None:
    messages.error(request, f"{text} Rien n'a été enregistré.")


@require_POST
@role_required(Role.ESTABLISHMENT)
def progress(request, reference: str, pk: int):
    follow_up = follow_up_for(request.user, reference)
    action = action_of(follow_up, pk)
    form = ProgressForm(request.POST, prefix=f"a{action.pk}")
    if not form.is_valid():
        _refused(request, first_error(form))
        return _back(request, follow_up)
    try:
        services.progress_set(
            action=action,
            user=request.user,
            progress=form.cleaned_data["progress"],
            started_on=form.cleaned_data["started_on"],
            done_on=form.cleaned_data["done_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Avancement enregistré.")
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)


@require_POST
@role_required(Role.ESTABLISHMENT)
def measurement(request, reference: str, pk: int):
    follow_up = follow_up_for(request.user, reference)
    action = action_of(follow_up, pk)
    indicators = list(action.action.indicators.all())
    form = MeasurementForm(request.POST, indicators=indicators, prefix=f"m{action.pk}")
    if not form.is_valid():
        _refused(request, first_error(form))
        return _back(request, follow_up)
    indicator = next(i for i in indicators if str(i.pk) == form.cleaned_data["indicator"])
    try:
        services.measurement_add(
            action=action,
            user=request.user,
            indicator=indicator,
            measured_on=form.cleaned_data["measured_on"],
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, "Mesure enregistrée.")
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)


@require_POST
@role_required(Role.ESTABLISHMENT)
def line_add(request, reference: str, pk: int):
    follow_up = follow_up_for(request.user, reference)
    action = action_of(follow_up, pk)
    natures = services.expense_natures(follow_up.dossier.call.spec)
    form = LineForm(request.POST, request.FILES, natures=natures, prefix=f"l{action.pk}")
    if not form.is_valid():
        _refused(request, first_error(form))
        return _back(request, follow_up)
    try:
        services.line_add(
            action=action,
            user=request.user,
            invoice_date=form.cleaned_data["invoice_date"],
            supplier=form.cleaned_data["supplier"],
            amount=form.cleaned_data["amount"],
            nature=form.cleaned_data["nature"],
            upload=form.cleaned_data["invoice"],
        )
        messages.success(request, "Facture ajoutée à l'état récapitulatif des dépenses.")
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)


@require_POST
@role_required(Role.ESTABLISHMENT)
def line_document(request, reference: str, pk: int):
    follow_up = follow_up_for(request.user, reference)
    line = line_of(follow_up, pk)
    form = LineDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        _refused(request, first_error(form))
        return _back(request, follow_up)
    try:
        services.line_document_replace(line=line, user=request.user, upload=form.cleaned_data["invoice"])
        messages.success(request, "Pièce déposée : la dépense est de nouveau à valider par l'ARS.")
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)


def line_file(request, reference: str, pk: int):
    follow_up = follow_up_for(request.user, reference)
    line = line_of(follow_up, pk)
    return stored_file_response(line.file, line.original_name, line.content_type)


@require_POST
@role_required(Role.ESTABLISHMENT)
def report_submit(request, reference: str, pk: int):
    follow_up = follow_up_for(request.user, reference)
    report = report_of(follow_up, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        _refused(request, first_error(form))
        return _back(request, follow_up)
    try:
        services.report_submit(report=report, user=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, f"{report.get_kind_display()} transmis à l'ARS.")
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)


def closing_letter(request, reference: str):
    follow_up = follow_up_for(request.user, reference)
    closing = getattr(follow_up, "closing", None) if hasattr(follow_up, "closing") else None
    if closing is None or not closing.letter:
        raise Http404("Le suivi n'est pas clôturé.")
    return stored_file_response(closing.letter, f"cloture-{reference}.pdf", "application/pdf")
