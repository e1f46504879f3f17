"""The page each role lands on after login, scoped to the user's establishments or regions (web layer, above the domain apps)."""

from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from accounts.permissions import role_required
from calls.enums import CallKind, CallStatus
from calls.models import Call
from calls.selectors import calls_by_status
from dossiers.selectors import dossiers_of_user
from referential.models import Department, Establishment

LANDING = {
    Role.ESTABLISHMENT: "accounts:workspace_establishment",
    Role.INSTRUCTOR: "accounts:workspace_instruction",
    Role.MANAGER: "accounts:workspace_campaigns",
    Role.COMMITTEE: "accounts:workspace_committee",
    Role.ARACT: "accounts:workspace_support",
    Role.VIEWER: "accounts:workspace_stats",
    Role.ADMIN: "accounts:workspace_admin",
}


def landing(request):
    return redirect(LANDING[request.user.role])


def _region_calls(user, **filters):
    """The calls of the user's regions, grouped by status (one query)."""
    return calls_by_status(queryset=Call.objects.filter(region__agents=user, **filters))


@role_required(Role.ESTABLISHMENT)
def establishment(request):
    establishments = list(
        Establishment.objects.filter(members=request.user)
        .select_related("department__region")
        .order_by("name")
    )
    departments = {establishment.department_id for establishment in establishments}
    groups = calls_by_status()
    # The calls whose territory covers one of the user's establishments, the ones still to come first.
    calls = {
        status: [call for call in calls if departments & set(call.definition["departments"])]
        for status, calls in groups.items()
    }
    dossiers = list(dossiers_of_user(request.user))
    started = {(dossier.call_id, dossier.establishment_id) for dossier in dossiers}
    current = calls[CallStatus.OPEN] + calls[CallStatus.UPCOMING]
    for call in current:
        call.startable = [
            establishment
            for establishment in establishments
            if establishment.department_id in call.definition["departments"]
            and (call.pk, establishment.pk) not in started
        ]
    return render(
        request,
        "workspaces/workspace_establishment.html",
        {
            "establishments": establishments,
            "dossiers": dossiers,
            "current_calls": current,
            "closed_calls": calls[CallStatus.CLOSED],
            "breadcrumb_data": {"current": "Mon espace"},
        },
    )


def _region_calls_page(
    request,
    title: str,
    lead: str,
    edit: bool = False,
    list_url: str = "",
    list_label: str = "Voir les dossiers à instruire",
    committee: bool = False,
    extra_links: tuple = (),
    support: bool = False,
    **filters,
):
    return render(
        request,
        "workspaces/workspace_region_calls.html",
        {
            "title": title,
            "lead": lead,
            "edit": edit,
            "list_url": list_url,
            "list_label": list_label,
            "committee_calls": list(
                Call.objects.filter(region__agents=request.user).order_by("-year", "short_title")
            )
            if committee
            else [],
            "extra_links": extra_links,
            "support_calls": list(
                Call.objects.filter(region__agents=request.user, kind=CallKind.SUPPORT_PROGRAM).order_by(
                    "-year", "short_title"
                )
            )
            if support
            else [],
            "groups": _region_calls(request.user, **filters),
            "breadcrumb_data": {"current": title},
        },
    )


@role_required(Role.INSTRUCTOR)
def instruction(request):
    return _region_calls_page(
        request,
        "Instruction des dossiers",
        "Les appels de votre région. Les dossiers déposés s'instruisent depuis la liste : filtres, constats de "
        "recevabilité, demandes de compléments et décisions.",
        list_url=reverse("review:list"),
    )


@role_required(Role.MANAGER)
def campaigns(request):
    return _region_calls_page(
        request,
        "Mes campagnes",
        "Les appels de votre région : modifiez leurs dates, leur enveloppe et leurs textes dans le back-office. "
        "Le chargement d'une nouvelle version de la définition conserve vos modifications.",
        edit=True,
        committee=True,
    )


@role_required(Role.COMMITTEE)
def committee(request):
    return _region_calls_page(
        request,
        "Comité de sélection",
        "Les appels de votre région. Les dossiers recevables qui vous sont attribués se notent avec la grille de "
        "l'appel ; déclarez tout lien avec un établissement avant de noter.",
        list_url=reverse("review:my_assignments"),
        list_label="Mes dossiers à noter",
    )


@role_required(Role.ARACT)
def support(request):
    return _region_calls_page(
        request,
        "Accompagnement collectif",
        "Les appels à accompagnement de votre région. Les entretiens préalables avec les candidats se "
        "préparent et se consignent depuis la liste ; leur avis est montré au comité.",
        list_url=reverse("review:interviews"),
        list_label="Entretiens préalables",
        extra_links=(
            {"url": reverse("review:my_assignments"), "label": "Mes candidatures à noter (comité)"},
        ),
        support=True,
        kind=CallKind.SUPPORT_PROGRAM,
    )


@role_required(Role.VIEWER)
def stats(request):
    departments = (
        Department.objects.filter(region__agents=request.user)
        .annotate(establishments_count=Count("establishments"))
        .order_by("code")
    )
    return render(
        request,
        "workspaces/workspace_stats.html",
        {
            "groups": _region_calls(request.user),
            "departments": departments,
            "breadcrumb_data": {"current": "Statistiques"},
        },
    )


@role_required(Role.ADMIN)
def administration(request):
    roles = User.objects.values("role").annotate(count=Count("id")).order_by("role")
    labels = dict(Role.choices)
    return render(
        request,
        "workspaces/workspace_admin.html",
        {
            "roles": [
                {"label": labels.get(row["role"], row["role"]), "count": row["count"]} for row in roles
            ],
            "calls_count": Call.objects.count(),
            "establishments_count": Establishment.objects.count(),
            "breadcrumb_data": {"current": "Administration"},
        },
    )
