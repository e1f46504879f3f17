"""Public catalog of calls: the list grouped by status, and one page per call laying out its rules."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse

from calls.enums import CallStatus
from calls.selectors import call_for_page, calls_by_status
from calls.vocabulary import EXPENSE_NATURE_LABELS
from referential.models import Department

SECTION_TITLES = {
    CallStatus.OPEN: "Appels ouverts",
    CallStatus.UPCOMING: "Appels à venir",
    CallStatus.CLOSED: "Appels clôturés",
}


@login_not_required
def call_list(request):
    groups = calls_by_status()
    sections = [
        {"status": status, "title": SECTION_TITLES[status], "calls": calls}
        for status, calls in groups.items()
    ]
    return render(
        request,
        "calls/call_list.html",
        {
            "sections": sections,
            "breadcrumb_data": {"current": "Appels à candidatures"},
        },
    )


def _page_sections(spec) -> list[tuple[str, str]]:
    sections = [
        ("presentation", "Présentation"),
        ("calendrier", "Calendrier"),
        ("eligibilite", "Établissements éligibles"),
    ]
    if spec.funding:
        sections.append(("financement", "Financement"))
    if spec.program:
        sections.append(("programme", "Programme de l'accompagnement"))
    if spec.catalog.themes:
        sections.append(("catalogue", "Thématiques et actions éligibles"))
    if spec.criteria:
        sections.append(
            ("criteres", "Priorités et critères de sélection" if spec.funding else "Critères de sélection")
        )
    sections.append(("recevabilite", "Recevabilité"))
    sections.append(("dossier", "Constitution du dossier"))
    if spec.program and (spec.program.communication_mention or spec.program.communication_rules):
        sections.append(("communication", "Communication"))
    sections.append(("contact", "Contact"))
    return sections


@login_not_required
def call_detail(request, code: str):
    call = call_for_page(code)
    spec = call.spec
    axes = [{"axis": axis, "themes": spec.axis_themes(axis.code)} for axis in spec.catalog.axes]
    excluded_natures = (
        [EXPENSE_NATURE_LABELS[nature] for nature in spec.funding.excluded_expense_natures]
        if spec.funding
        else []
    )
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "spec": spec,
            "axes": axes,
            "sections": _page_sections(spec),
            "excluded_natures": excluded_natures,
            "departments": Department.objects.filter(code__in=spec.departments).order_by("code"),
            "breadcrumb_data": {
                "links": [{"url": reverse("calls:list"), "title": "Appels à candidatures"}],
                "current": call.short_title,
            },
        },
    )
