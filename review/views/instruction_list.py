"""The instruction list: filters, tabs, bulk actions, exports and saved filters."""

from dataclasses import replace

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from calls.models import Call
from dossiers.services import DossierError
from qvct.exports.jobs import export_response
from referential.models import Department
from review import services
from review.exports import ACTIONS, DOSSIERS
from review.exports_exchange import EXCHANGE
from review.forms import (
    BulkForm,
    ListFilterForm,
    SavedFilterForm,
)
from review.list_cells import list_rows
from review.models import SavedFilter
from review.selectors import COLUMNS, TABS, dossier_rows, selection, tab_counts

from .common import AGENTS, LIST_URL


def _url_with(params: QueryDict, **changes) -> str:
    """The list's URL with some parameters changed; any change but paging goes back to the first page."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"{reverse(LIST_URL)}?{encoded}" if encoded else reverse(LIST_URL)


def _list_context(request) -> dict:
    user = request.user
    region_ids = list(user.regions.values_list("pk", flat=True))
    calls = list(Call.objects.filter(region_id__in=region_ids).order_by("-year", "short_title"))
    departments = Department.objects.filter(region_id__in=region_ids).order_by("code")
    instructors = services.instructors_of(region_ids)
    form = ListFilterForm(request.GET, calls=calls, departments=departments, instructors=instructors)
    # The calls just read are the agent's scope (review.selectors.ListQuery.scope_calls).
    query = replace(form.query(), scope_calls=tuple(call.pk for call in calls))
    rows, has_next = dossier_rows(user, query)
    counts = tab_counts(user, query)
    params = request.GET
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": _url_with(params, tab=key),
            "active": key == query.tab,
        }
        for key, (label, _) in TABS.items()
    ]
    columns = []
    for key in query.columns:
        column = COLUMNS[key]
        current = query.sort.lstrip("-") == key
        descending = query.sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": column.label,
                "sorted": ("descending" if descending else "ascending") if current else "",
                "url": _url_with(params, sort=f"-{key}" if current and not descending else key),
            }
        )
    return {
        "form": form,
        "query": query,
        "rows": list_rows(rows, query.columns),
        "columns": columns,
        "tabs": tabs,
        "active_tab": TABS[query.tab][0],
        "previous_url": _url_with(params, page=query.page - 1) if query.page > 1 else "",
        "next_url": _url_with(params, page=query.page + 1) if has_next else "",
        "saved_filters": list(SavedFilter.objects.filter(user=user)),
        "saved_filter_form": SavedFilterForm(initial={"query": params.urlencode()}),
        "instructors": instructors,
        "current_query": params.urlencode(),
        "exports": (DOSSIERS, ACTIONS, EXCHANGE),
        "breadcrumb_data": {"current": "Dossiers à instruire"},
    }


@role_required(*AGENTS)
def dossier_list(request):
    return render(request, "review/list.html", _list_context(request))


def _back_to_list(request):
    query = request.POST.get("next_query", "")
    return redirect(f"{reverse(LIST_URL)}?{query}" if query else reverse(LIST_URL))


@require_POST
@role_required(*AGENTS)
def bulk(request):
    ids = [int(value) for value in request.POST.getlist("dossiers") if value.isdigit()]
    form = BulkForm(request.POST, ids=ids)
    if not form.is_valid():
        messages.error(request, "Cochez au moins un dossier et choisissez une opération.")
        return _back_to_list(request)
    dossiers = selection(request.user, form.cleaned_data["dossiers"])
    if not dossiers:
        messages.error(request, "Aucun des dossiers cochés n'est instruit par votre région.")
        return _back_to_list(request)
    operation = form.cleaned_data["operation"]
    if operation in {"csv", "xlsx", "ods"}:
        params = {"portee": ["cochees"], "dossiers": [str(dossier.pk) for dossier in dossiers]}
        return export_response(export=DOSSIERS, user=request.user, params=params, fmt=operation, columns=None)
    assignee_key = form.cleaned_data["assignee"]
    if assignee_key == "moi":
        assignee = request.user
    elif assignee_key == "personne":
        assignee = None
    else:
        region_ids = request.user.regions.values_list("pk", flat=True)
        assignee = next(
            (user for user in services.instructors_of(region_ids) if str(user.pk) == assignee_key), False
        )
        if assignee is False:
            messages.error(request, "Choisissez l'instructeur·rice à qui attribuer les dossiers cochés.")
            return _back_to_list(request)
    try:
        changed = services.dossiers_assign(dossiers=dossiers, assignee=assignee, user=request.user)
    except DossierError as error:
        messages.error(request, str(error))
    else:
        name = (assignee.get_full_name() or assignee.email) if assignee else "personne"
        messages.success(request, f"{changed} dossier(s) attribué(s) à {name}.")
    return _back_to_list(request)


@require_POST
@role_required(*AGENTS)
def saved_filter_add(request):
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        SavedFilter.objects.update_or_create(
            user=request.user, name=form.cleaned_data["name"], defaults={"query": form.cleaned_data["query"]}
        )
        messages.success(request, f"Filtre « {form.cleaned_data['name']} » enregistré.")
    else:
        messages.error(request, "Donnez un nom au filtre pour l'enregistrer.")
    query = form.cleaned_data.get("query", "") if form.is_valid() else request.POST.get("query", "")
    return redirect(f"{reverse(LIST_URL)}?{query}" if query else reverse(LIST_URL))


@require_POST
@role_required(*AGENTS)
def saved_filter_remove(request, pk: int):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, f"Filtre « {saved.name} » supprimé.")
    return redirect(LIST_URL)
