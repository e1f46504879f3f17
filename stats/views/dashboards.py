"""The dashboards of the ARS: every call of the user's regions across years, or one call; each with its print view."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.enums import Role
from accounts.permissions import role_required
from qvct.exports.writers import CONTENT_TYPES, FORMATS, write
from referential.enums import LegalGroup, Sector

from ..selectors import Filters, dashboard, map_tiles, scope_calls

# Who reads the figures: the statistics reader, and the agents who run the calls, within their regions.
READERS = (Role.VIEWER, Role.MANAGER, Role.INSTRUCTOR)
LEGAL_GROUPS = [(value, label) for value, label in LegalGroup.choices if value]


def _filters_text(filters: Filters, tiles: list[dict]) -> str:
    names = {tile["code"]: f"{tile['name']} ({tile['code']})" for tile in tiles}
    return " ; ".join(
        (
            f"année {filters.year}" if filters.year else "toutes les années",
            names.get(filters.department, "tous les départements"),
            dict(Sector.choices).get(filters.sector, "tous les secteurs"),
            dict(LEGAL_GROUPS).get(filters.legal_group, "tous les statuts juridiques"),
        )
    )


BREAKDOWNS = (
    ("by_status", "État"),
    ("by_department", "Département"),
    ("by_axis", "Axe"),
    ("by_theme", "Thématique"),
    ("by_item", "Action du catalogue"),
    ("by_sector", "Secteur"),
    ("by_legal_group", "Statut juridique"),
    ("by_category", "Catégorie d'établissement"),
)


def _figures_file(data, fmt: str, name: str) -> HttpResponse:
    """Every table of the dashboard in one sheet: a few hundred rows at most, written at once."""
    rows = [
        (label, group.label, group.dossiers, group.actions, group.requested, group.granted)
        for attribute, label in BREAKDOWNS
        for group in getattr(data, attribute)
    ]
    rows += [("Constat", finding["label"], finding["count"], None, None, None) for finding in data.findings]
    buffer = io.BytesIO()
    headers = ["Répartition", "Groupe", "Dossiers", "Actions", "Demandé (€)", "Accordé (€)"]
    write(fmt, buffer, "Chiffres", headers, rows)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="chiffres-{name}.{fmt}"'
    return response


def _render(request, *, call=None, printable: bool):
    filters = Filters.from_query(request.GET)
    calls = list(scope_calls(request.user))
    data = dashboard([call] if call else calls, filters)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return _figures_file(data, fmt, call.code if call else "regions")
    tiles = map_tiles(request.user, data.by_department)
    for tile in tiles:
        # A second click on the chosen department clears the filter.
        tile["url"] = filters.params(department="" if tile["code"] == filters.department else tile["code"])
    for finding in data.findings:
        finding["percent"] = round(finding["share"] * 100, 1)
    page = reverse("stats:call", args=[call.code]) if call else reverse("stats:dashboard")
    printed = reverse("stats:call_print", args=[call.code]) if call else reverse("stats:dashboard_print")
    title = f"Tableau de bord — {call.short_title}" if call else "Tableau de bord de vos régions"
    crumbs = {"current": title}
    if call is not None:
        crumbs["links"] = [{"url": reverse("stats:dashboard"), "title": "Tableaux de bord"}]
    return render(
        request,
        "stats/print.html" if printable else "stats/dashboard.html",
        {
            "call": call,
            "title": title,
            "data": data,
            "filters": filters,
            "filters_text": _filters_text(filters, tiles),
            "years": [] if call else sorted({c.year for c in calls}, reverse=True),
            "calls": calls,
            "departments": tiles,
            "map_height": max(90, ((len(tiles) + 4) // 5) * 90),
            "map_url": filters.params(view="carte"),
            "table_url": filters.params(view="tableau"),
            "print_url": f"{printed}?{filters.params(view='carte')}",
            "back_url": f"{page}?{filters.params()}",
            "files": [
                (f"{page}?{filters.params(view='carte')}&format={fmt}".replace("?&", "?"), fmt.upper())
                for fmt in FORMATS
            ],
            "sectors": Sector.choices,
            "legal_groups": LEGAL_GROUPS,
            "breadcrumb_data": crumbs,
        },
    )


def _call(request, code: str):
    call = scope_calls(request.user).filter(code=code).first()
    if call is None:
        raise Http404("Cet appel n'est pas dans vos régions.")
    return call


@role_required(*READERS)
def overview(request):
    return _render(request, printable=False)


@role_required(*READERS)
def overview_print(request):
    return _render(request, printable=True)


@role_required(*READERS)
def call_dashboard(request, code: str):
    return _render(request, call=_call(request, code), printable=False)


@role_required(*READERS)
def call_print(request, code: str):
    return _render(request, call=_call(request, code), printable=True)
