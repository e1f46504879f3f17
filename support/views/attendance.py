"""Attendance at a session, per trinôme member, and the sign-in sheet of a collective session (PDF)."""

from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import role_required
from dossiers.services import DossierError
from qvct.pdf import render_pdf

from ..attendance import attendance_record, expected_people
from ..models import Attendance, Session
from .sessions import PLANNERS, _breadcrumb, _cohort


def _session(request, code: str, pk: int, session: int) -> Session:
    cohort = _cohort(request, code, pk)
    return get_object_or_404(
        Session.objects.filter(cohort=cohort).select_related(
            "cohort__call", "host__dossier__establishment", "member__dossier__establishment"
        ),
        pk=session,
    )


def _by_establishment(people):
    return [
        (establishment, list(group))
        for establishment, group in groupby(people, key=lambda p: p.dossier.establishment)
    ]


@role_required(*PLANNERS)
def attendance(request, code: str, pk: int, session: int):
    item = _session(request, code, pk, session)
    people = expected_people(item)
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            count = attendance_record(session=item, present_ids=ids, user=request.user)
            messages.success(request, f"Présences enregistrées : {count} présent(s) sur {len(people)}.")
            return redirect("support:plan", code=code, pk=pk)
        except DossierError as error:
            messages.error(request, str(error))
    present = set(Attendance.objects.filter(session=item, present=True).values_list("person_id", flat=True))
    return render(
        request,
        "support/attendance.html",
        {
            "session": item,
            "cohort": item.cohort,
            "groups": _by_establishment(people),
            "present": present,
            "breadcrumb_data": _breadcrumb(
                item.cohort,
                f"Présences — {item.title}",
                {"url": reverse("support:plan", args=[code, pk]), "title": "Plan des séances"},
            ),
        },
    )


@role_required(*PLANNERS)
def sign_in_sheet(request, code: str, pk: int, session: int):
    item = _session(request, code, pk, session)
    if item.kind != Session.Kind.COLLECTIVE:
        raise Http404("La feuille d'émargement concerne les temps collectifs.")
    html = render_to_string(
        "support/pdf/sign_in_sheet.html",
        {
            "session": item,
            "cohort": item.cohort,
            "call": item.cohort.call,
            "program": item.cohort.call.spec.program,
            "groups": _by_establishment(expected_people(item)),
            "generated_at": timezone.localtime(),
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="emargement-seance-{item.number}.pdf"'
    return response
