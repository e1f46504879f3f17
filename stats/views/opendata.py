"""The public page of the grants' open data, and the stable address of each call's file."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ..opendata import published_calls, scdl_csv, signed_conventions


@login_not_required
def index(request):
    calls = published_calls()
    rows = [{"call": call, "count": signed_conventions(call).count()} for call in calls]
    return render(
        request,
        "stats/opendata.html",
        {"rows": rows, "breadcrumb_data": {"current": "Données ouvertes des subventions"}},
    )


@login_not_required
def grants_file(request, year: int, code: str):
    call = next((call for call in published_calls() if call.code == code and call.year == year), None)
    if call is None:
        raise Http404("Aucune donnée publiée pour cet appel et cette année.")
    response = HttpResponse(scdl_csv(call), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subventions-{year}-{code}.csv"'
    return response
