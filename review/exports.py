"""The instruction list's exports, one row per dossier or one per action (no private annotation in them).

Both read the list as the agent filtered it (`query`: the list's query string), or the rows they checked.
"""

from django.http import QueryDict

from calls.models import Call
from dossiers.models import Action
from eligibility.catalog import rule_label
from qvct.exports.lists import Column, ListExport, first, register
from referential.models import Department

from .forms import ListFilterForm
from .selectors import instruction_scope, list_queryset, selection
from .services import instructors_of
from .views.common import AGENTS

CHUNK = 1000
UNSHOWN = (
    "scope",
    "diagnostic",
    "objectives",
    "schedule",
    "follow_up",
    "motivation",
    "findings",
    "complements_parts",
    "decision_reason",
    "withdrawn_reason",
)


def _agent(dossier) -> str:
    agent = dossier.assigned_to
    return (agent.get_full_name() or agent.email) if agent else ""


def _ids(params) -> list[int]:
    return [int(value) for value in params.get("dossiers", []) if value.isdigit()]


def _filtered(user, params):
    """Every dossier under the list's filters, tab and sort, as the list's form reads its query string."""
    region_ids = list(user.regions.values_list("pk", flat=True))
    form = ListFilterForm(
        QueryDict(first(params, "query")),
        calls=list(Call.objects.filter(region_id__in=region_ids)),
        departments=Department.objects.filter(region_id__in=region_ids),
        instructors=instructors_of(region_ids),
    )
    return list_queryset(user, form.query())


def _listed(user, params):
    """The dossiers of the list: the checked ones, or all those under the list's filters, tab and sort."""
    if first(params, "portee") == "cochees":
        return selection(user, _ids(params))
    # No column shows the dossier's texts nor its JSON documents: neither read nor decoded, 20,000 times.
    return (
        _filtered(user, params).select_related("establishment__legal_status").defer(*UNSHOWN).iterator(CHUNK)
    )


DOSSIERS = register(
    ListExport(
        name="dossiers",
        title="Dossiers",
        roles=frozenset(AGENTS),
        rows=_listed,
        ids_param="dossiers",
        default=(
            "reference",
            "call",
            "finess",
            "establishment",
            "department",
            "status",
            "submitted_at",
            "requested",
            "findings",
        ),
        columns=(
            Column("reference", "Dossier", lambda d: d.reference),
            Column("call", "Appel", lambda d: d.call.short_title),
            Column("finess", "FINESS", lambda d: d.establishment.finess),
            Column("siret", "SIRET", lambda d: d.establishment.siret),
            Column("establishment", "Établissement", lambda d: d.establishment.display_name),
            Column("department", "Département", lambda d: d.establishment.department_id),
            Column("sector", "Secteur", lambda d: d.establishment.get_sector_display()),
            Column("legal_group", "Statut juridique", lambda d: d.establishment.get_legal_group_display()),
            Column("category", "Catégorie d'établissement", lambda d: d.establishment.category_label),
            Column("status", "État", lambda d: d.get_status_display()),
            Column("submitted_at", "Déposé le", lambda d: d.submitted_at),
            Column("assigned", "Instructeur·rice", _agent),
            Column("actions", "Actions", lambda d: d.actions_count),
            Column("requested", "Demande ARS (€)", lambda d: d.requested_total),
            Column("blocking", "Constat bloquant retenu", lambda d: d.has_blocking),
            Column(
                "findings",
                "Constats retenus",
                lambda d: ", ".join(rule_label(c) for c in d.finding_codes.split()),
            ),
            Column("due", "Compléments avant le", lambda d: d.complements_due),
        ),
    )
)


def _catalog_labels(call: Call) -> dict:
    spec = call.spec
    labels = {("axis", axis.code): f"Axe {axis.code} : {axis.title}" for axis in spec.catalog.axes}
    for theme in spec.catalog.themes:
        labels["theme", theme.code] = theme.title
        labels.update({("item", item.code): item.title for item in theme.items})
    return labels


def _actions(user, params):
    """One row per action of the listed dossiers, with its catalog names (each call's catalog read once)."""
    if first(params, "portee") == "cochees":
        dossiers = instruction_scope(user).filter(pk__in=_ids(params))
    else:
        # A subquery, not a list of ids: no limit on the number of dossiers whatever the database.
        dossiers = _filtered(user, params).order_by().values("pk")
    actions = (
        Action.objects.filter(dossier__in=dossiers)
        .select_related("dossier__establishment", "dossier__call", "decision__scenario")
        # The call's definition is read once per call below, never once per row.
        .defer("dossier__call__definition")
        .order_by("dossier__call_id", "dossier__number", "position")
    )
    catalogs: dict[int, dict] = {}
    for action in actions.iterator(CHUNK):
        call_id = action.dossier.call_id
        if call_id not in catalogs:
            catalogs[call_id] = _catalog_labels(Call.objects.get(pk=call_id))
        action.labels = catalogs[call_id]
        yield action


def _decision(action, field: str):
    decision = getattr(action, "decision", None)
    if decision is None:
        return None
    if field == "granted" and decision.scenario.validated_at is None:
        return None
    return getattr(decision, field)


ACTIONS = register(
    ListExport(
        name="actions",
        title="Actions",
        roles=frozenset(AGENTS),
        rows=_actions,
        ids_param="dossiers",
        columns=(
            Column("reference", "Dossier", lambda a: a.dossier.reference),
            Column("establishment", "Établissement", lambda a: a.dossier.establishment.display_name),
            Column("department", "Département", lambda a: a.dossier.establishment.department_id),
            Column("status", "État du dossier", lambda a: a.dossier.get_status_display()),
            Column("position", "Action n°", lambda a: a.position),
            Column("title", "Intitulé", lambda a: a.title),
            Column("axis", "Axe", lambda a: a.labels.get(("axis", a.axis), "")),
            Column("theme", "Thématique", lambda a: a.labels.get(("theme", a.theme), "")),
            Column("item", "Action du catalogue", lambda a: a.labels.get(("item", a.catalog_item), "")),
            Column("mutualized", "Action mutualisée", lambda a: a.mutualized),
            Column("cost", "Coût total (€)", lambda a: a.cost),
            Column("requested", "Demande ARS (€)", lambda a: a.requested),
            Column("fundable", "Finançable (€)", lambda a: _decision(a, "fundable")),
            Column("granted", "Accordé (€)", lambda a: _decision(a, "granted")),
        ),
    )
)
