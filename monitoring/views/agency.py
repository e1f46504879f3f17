"""The ARS side of the follow-up: the consumption board of a call, line decisions, reports and closings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from qvct.tables import table_response

from .. import services
from ..closing import follow_ups_close_due
from ..forms import LineDecisionForm, RescheduleForm, first_error
from ..selectors import BoardFilters, board_calls, board_data, follow_up_for, line_of, report_of
from .establishment import REFUSED, _back, _refused

EXPORT_HEADERS = (
    "Dossier",
    "Établissement",
    "FINESS",
    "Département",
    "Accordé (€)",
    "Dépenses justifiées (€)",
    "Dépenses à valider (€)",
    "Part ARS justifiée (€)",
    "Reste à justifier (€)",
    "Comptes rendus en retard",
    "Actions non commencées un an après l'octroi",
    "Montant à reprendre (€)",
)


def _export_rows(rows):
    for row in rows:
        closing = getattr(row, "closing", None) if hasattr(row, "closing") else None
        establishment = row.dossier.establishment
        yield (
            row.dossier.reference,
            establishment.display_name,
            establishment.finess,
            establishment.department_id,
            row.granted,
            row.justified,
            row.pending,
            row.share,
            row.remaining,
            row.late,
            row.not_started,
            closing.to_recover if closing else "",
        )


@role_required(Role.INSTRUCTOR, Role.MANAGER)
def board(request, code: str):
    call = get_object_or_404(board_calls(request.user), code=code)
    filters = BoardFilters.from_query(request.GET)
    data = board_data(call, filters)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx", "ods"}:
        return table_response(
            fmt, f"consommation-{call.code}", "Consommation", EXPORT_HEADERS, _export_rows(data["rows"])
        )
    spec = call.spec
    return render(
        request,
        "monitoring/board.html",
        {
            "call": call,
            "filters": filters,
            "axes": spec.catalog.axes,
            "departments": spec.departments,
            "can_manage": request.user.role == Role.MANAGER,
            "query": request.GET.urlencode(),
            **data,
            "breadcrumb_data": {"current": f"Suivi de la consommation — {call.short_title}"},
        },
    )


@require_POST
@role_required(Role.MANAGER)
def close_due(request, code: str):
    call = get_object_or_404(board_calls(request.user), code=code)
    made = follow_ups_close_due(call=call, user=request.user)
    messages.success(request, f"{made} suivi(s) clôturé(s) : la date limite de consommation est passée.")
    return redirect("monitoring:board", code=code)


def _agent_follow_up(request, reference: str):
    if request.user.role not in {Role.INSTRUCTOR, Role.MANAGER}:
        raise PermissionDenied("Réservé aux instructeurs et aux gestionnaires de campagne de l'ARS.")
    return follow_up_for(request.user, reference)


@require_POST
@role_required(Role.INSTRUCTOR, Role.MANAGER)
def line_decide(request, reference: str, pk: int):
    follow_up = _agent_follow_up(request, reference)
    line = line_of(follow_up, pk)
    form = LineDecisionForm(request.POST, prefix=f"d{line.pk}")
    if not form.is_valid():
        _refused(request, first_error(form))
        return _back(request, follow_up)
    try:
        services.line_decide(
            line=line,
            user=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Dépense {line.get_status_display().lower()}.")
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)


@require_POST
@role_required(Role.INSTRUCTOR, Role.MANAGER)
def report_validate(request, reference: str, pk: int):
    follow_up = _agent_follow_up(request, reference)
    report = report_of(follow_up, pk)
    try:
        closing = services.report_validate(report=report, user=request.user)
        messages.success(
            request,
            f"{report.get_kind_display()} validé."
            + (" Le suivi est clôturé et la lettre de clôture envoyée." if closing else ""),
        )
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)


@require_POST
@role_required(Role.INSTRUCTOR, Role.MANAGER)
def report_reschedule(request, reference: str, pk: int):
    follow_up = _agent_follow_up(request, reference)
    report = report_of(follow_up, pk)
    form = RescheduleForm(request.POST, prefix=f"r{report.pk}")
    if not form.is_valid():
        _refused(request, first_error(form))
        return _back(request, follow_up)
    try:
        services.report_reschedule(report=report, user=request.user, due_on=form.cleaned_data["due_on"])
        messages.success(request, "Échéance modifiée.")
    except REFUSED as error:
        _refused(request, str(error))
    return _back(request, follow_up)
