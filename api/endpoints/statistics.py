"""Simple counts over the dossiers the user may count; the dashboards live in their own app."""

from decimal import Decimal

from django.db.models import Count, Sum
from ninja import Router

from dossiers.enums import DossierStatus
from dossiers.workflow import public_status

from ..schemas import Error, StatisticsOut
from ..scopes import is_porteur, statistics_scope

router = Router()


@router.get(
    "", response={200: StatisticsOut, 401: Error, 403: Error, 429: Error}, summary="Comptes des dossiers"
)
def statistics(request):
    user = request.auth
    scope = statistics_scope(user)
    by_status: dict[str, int] = {}
    by_call: dict[str, int] = {}
    for row in scope.values("status", "call__code").annotate(n=Count("pk")).order_by():
        status = public_status(row["status"]) if is_porteur(user) else DossierStatus(row["status"])
        by_status[status.value] = by_status.get(status.value, 0) + row["n"]
        by_call[row["call__code"]] = by_call.get(row["call__code"], 0) + row["n"]
    # The dossiers' totals, kept by the database from their actions (dossiers migration 0013).
    requested = scope.aggregate(total=Sum("requested_total"))["total"]
    return {
        "dossiers": sum(by_status.values()),
        "by_status": by_status,
        "by_call": by_call,
        "requested_total": requested or Decimal(0),
    }
