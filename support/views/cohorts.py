"""The cohort of a wave: built from the retained establishments, its host sites chosen, its warnings shown."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from dossiers.services import DossierError

from ..cohorts import cohort_warnings
from ..models import Cohort, CohortMember
from ..services import cohort_build, cohort_hosts_set, cohort_rules, member_facts, retained_without_cohort
from .common import call_breadcrumb, support_call


@role_required(Role.MANAGER, Role.ARACT)
def cohorts(request, code: str):
    call = support_call(request.user, code)
    items = list(
        Cohort.objects.filter(call=call).prefetch_related(
            Prefetch(
                "members",
                queryset=CohortMember.objects.select_related("dossier__establishment__department").order_by(
                    "dossier__establishment__department_id", "dossier__establishment__name"
                ),
            )
        )
    )
    rules = cohort_rules(call)
    for cohort in items:
        cohort.warnings = cohort_warnings(member_facts(cohort), rules)
    return render(
        request,
        "support/cohorts.html",
        {
            "call": call,
            "cohorts": items,
            "rules": rules,
            "waiting": list(retained_without_cohort(call)),
            "breadcrumb_data": call_breadcrumb(call, "Groupes"),
        },
    )


@require_POST
@role_required(Role.MANAGER, Role.ARACT)
def build(request, code: str):
    call = support_call(request.user, code)
    try:
        cohort = cohort_build(call=call, user=request.user)
        messages.success(request, f"Groupe « {cohort.name} » constitué ; vérifiez les sites d'accueil.")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("support:cohorts", code=code)


@require_POST
@role_required(Role.MANAGER, Role.ARACT)
def hosts(request, code: str, pk: int):
    call = support_call(request.user, code)
    cohort = get_object_or_404(Cohort.objects.filter(call=call).select_related("call"), pk=pk)
    ids = {int(v) for v in request.POST.getlist("hosts") if v.isdigit()}
    try:
        warnings = cohort_hosts_set(cohort=cohort, member_ids=ids, user=request.user)
        if warnings:
            messages.warning(
                request, "Sites d'accueil enregistrés, avec des points d'attention : voir ci-dessous."
            )
        else:
            messages.success(request, "Sites d'accueil enregistrés.")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("support:cohorts", code=code)
