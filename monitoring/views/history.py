"""The history of an establishment over the years: every call, dossier, action, grant, spending, indicator and
recovery; for its porteurs and for the instructors and managers of its region."""

from decimal import Decimal

from django.shortcuts import get_object_or_404, render

from accounts.enums import Role
from accounts.permissions import role_required
from referential.models import Establishment

from ..enums import LineStatus
from ..selectors import establishment_dossiers


@role_required(Role.ESTABLISHMENT, Role.INSTRUCTOR, Role.MANAGER)
def establishment_history(request, finess: str):
    if request.user.role == Role.ESTABLISHMENT:
        scope = Establishment.objects.filter(members=request.user)
    else:
        scope = Establishment.objects.filter(department__region__agents=request.user)
    establishment = get_object_or_404(scope.select_related("department"), finess=finess)
    dossiers = establishment_dossiers(establishment, porteur=request.user.role == Role.ESTABLISHMENT)
    rows = []
    for dossier in dossiers:
        follow_up = getattr(dossier, "monitoring", None) if hasattr(dossier, "monitoring") else None
        actions = []
        for action in dossier.actions.all():
            decision = getattr(action, "decision", None) if hasattr(action, "decision") else None
            item = getattr(action, "monitoring", None) if hasattr(action, "monitoring") else None
            lines = list(item.lines.all()) if item else []
            actions.append(
                {
                    "action": action,
                    "granted": decision.granted if decision else (item.granted if item else None),
                    "item": item,
                    "justified": sum(
                        (x.amount for x in lines if x.status == LineStatus.ACCEPTED), Decimal(0)
                    ),
                    "measurements": list(item.measurements.all()) if item else [],
                }
            )
        closing = getattr(follow_up, "closing", None) if follow_up and hasattr(follow_up, "closing") else None
        rows.append({"dossier": dossier, "follow_up": follow_up, "closing": closing, "actions": actions})
    return render(
        request,
        "monitoring/history.html",
        {
            "establishment": establishment,
            "rows": rows,
            "breadcrumb_data": {"current": f"Historique — {establishment.display_name}"},
        },
    )
