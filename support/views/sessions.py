"""A cohort's session plan: generated, edited session by session, sent to the trinômes, and its .ics feeds."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from dossiers.selectors import dossier_for_user
from dossiers.services import DossierError
from qvct.dates import WindowedDateField
from qvct.forms import QvctForm, limited_text
from qvct.limits import REASON_TEXT

from ..calendar import sessions_ics
from ..models import Cohort, CohortMember, Session
from ..sessions import cohort_sessions, member_sessions, plan_generate, session_update, sessions_invite
from .common import call_breadcrumb, support_call

PLANNERS = (Role.MANAGER, Role.ARACT)


def _cohort(request, code: str, pk: int) -> Cohort:
    call = support_call(request.user, code)
    return get_object_or_404(Cohort.objects.filter(call=call).select_related("call"), pk=pk)


def _breadcrumb(cohort: Cohort, current: str, *more) -> dict:
    links = [{"url": reverse("support:cohorts", args=[cohort.call.code]), "title": "Groupes"}, *more]
    return call_breadcrumb(cohort.call, current, links)


@role_required(*PLANNERS)
def plan(request, code: str, pk: int):
    cohort = _cohort(request, code, pk)
    return render(
        request,
        "support/plan.html",
        {
            "cohort": cohort,
            "call": cohort.call,
            "sessions": list(cohort_sessions(cohort)),
            "breadcrumb_data": _breadcrumb(cohort, "Plan des séances"),
        },
    )


@require_POST
@role_required(*PLANNERS)
def generate(request, code: str, pk: int):
    cohort = _cohort(request, code, pk)
    try:
        count = plan_generate(cohort=cohort, user=request.user)
        messages.success(request, f"Plan généré : {count} séances. Vérifiez les dates et les lieux.")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("support:plan", code=code, pk=pk)


@require_POST
@role_required(*PLANNERS)
def invite(request, code: str, pk: int):
    cohort = _cohort(request, code, pk)
    try:
        count = sessions_invite(cohort=cohort, user=request.user)
        messages.success(request, f"Calendrier envoyé aux trinômes de {count} établissement(s).")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("support:plan", code=code, pk=pk)


class SessionForm(QvctForm):
    day = WindowedDateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label="Début", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label="Fin", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    host = forms.TypedChoiceField(
        label="Lieu (établissement d'accueil)", coerce=int, required=False, empty_value=None
    )
    agenda = limited_text("Programme", REASON_TEXT, rows=5, required=False)

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        if session.kind == Session.Kind.COLLECTIVE:
            members = session.cohort.members.select_related("dossier__establishment")
            self.fields["host"].choices = [("", "À préciser")] + [
                (m.pk, m.dossier.establishment.display_name) for m in members
            ]
        else:
            del self.fields["host"]


@role_required(*PLANNERS)
def session_edit(request, code: str, pk: int, session: int):
    cohort = _cohort(request, code, pk)
    item = get_object_or_404(
        Session.objects.filter(cohort=cohort).select_related(
            "cohort__call", "member__dossier__establishment"
        ),
        pk=session,
    )
    local_start, local_end = timezone.localtime(item.starts_at), timezone.localtime(item.ends_at)
    initial = {
        "day": local_start.date(),
        "start": local_start.time(),
        "end": local_end.time(),
        "host": item.host_id,
        "agenda": item.agenda,
    }
    form = SessionForm(request.POST or None, initial=initial, session=item)
    if request.method == "POST" and form.is_valid():
        try:
            session_update(
                session=item,
                day=form.cleaned_data["day"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                host_id=form.cleaned_data.get("host"),
                agenda=form.cleaned_data["agenda"],
            )
            messages.success(request, f"{item.title} enregistré.")
            return redirect("support:plan", code=code, pk=pk)
        except DossierError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "support/session_edit.html",
        {
            "cohort": cohort,
            "session": item,
            "form": form,
            "breadcrumb_data": _breadcrumb(
                cohort,
                item.title,
                {"url": reverse("support:plan", args=[code, pk]), "title": "Plan des séances"},
            ),
        },
    )


def _ics_response(sessions, cohort: Cohort, filename: str) -> HttpResponse:
    body = sessions_ics(list(sessions), name=cohort.name, zone=cohort.call.spec.zone, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*PLANNERS)
def cohort_ics(request, code: str, pk: int):
    cohort = _cohort(request, code, pk)
    return _ics_response(cohort_sessions(cohort), cohort, f"accompagnement-{cohort.call.code}.ics")


def member_of(request, reference: str) -> CohortMember:
    """The porteur's own establishment (404 otherwise); the ARS and the ARACT of the region read any."""
    if request.user.role == Role.ESTABLISHMENT:
        dossier = dossier_for_user(request.user, reference)
        member = CohortMember.objects.filter(dossier=dossier)
    else:
        member = CohortMember.objects.filter(
            dossier__reference=reference, cohort__call__region__agents=request.user
        )
    return get_object_or_404(member.select_related("cohort__call", "dossier__establishment"))


@role_required(Role.ESTABLISHMENT, *PLANNERS)
def establishment_ics(request, reference: str):
    member = member_of(request, reference)
    return _ics_response(member_sessions(member), member.cohort, f"accompagnement-{reference}.ics")


@role_required(Role.ESTABLISHMENT, *PLANNERS)
def establishment_calendar(request, reference: str):
    member = member_of(request, reference)
    return render(
        request,
        "support/calendar.html",
        {
            "member": member,
            "cohort": member.cohort,
            "sessions": list(member_sessions(member)),
            "breadcrumb_data": {
                "links": [{"url": member.dossier.get_absolute_url(), "title": f"Dossier {reference}"}],
                "current": "Calendrier de l'accompagnement",
            },
        },
    )
