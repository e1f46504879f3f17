"""Reads of the follow-up: who may see which follow-up, the page of a dossier, and the consumption board.

The board runs a fixed number of queries whatever the number of dossiers: one per grouping.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from funding.selectors import decided_dossier_for
from qvct.months import add_months

from .enums import LineStatus, Progress, ReportStatus
from .models import ActionFollowUp, FollowUp, Measurement, MonitoringEvent, Report, SpendingLine
from .services import follow_up_open

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def follow_up_for(user, reference: str) -> FollowUp:
    """The follow-up of a dossier whose convention is signed, for its porteurs and the region's instructors and
    managers (funding.selectors.decided_dossier_for: 403 for other roles, 404 outside their reach)."""
    dossier = decided_dossier_for(user, reference)
    follow_up = FollowUp.objects.filter(dossier=dossier).first()
    if follow_up is None:
        follow_up = follow_up_open(dossier=dossier)
    if follow_up is None:
        raise Http404("Le suivi s'ouvre à la signature de la convention.")
    return (
        FollowUp.objects.select_related("dossier__call", "dossier__establishment__department", "closing")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ActionFollowUp.objects.select_related("action").prefetch_related(
                    "action__indicators",
                    Prefetch("measurements", queryset=Measurement.objects.select_related("indicator")),
                    "lines",
                ),
            ),
            "reports",
            Prefetch("events", queryset=MonitoringEvent.objects.select_related("actor")),
        )
        .get(pk=follow_up.pk)
    )


def action_of(follow_up: FollowUp, pk: int) -> ActionFollowUp:
    return get_object_or_404(
        ActionFollowUp.objects.select_related("follow_up__dossier__call", "action"),
        follow_up=follow_up,
        pk=pk,
    )


def line_of(follow_up: FollowUp, pk: int) -> SpendingLine:
    return get_object_or_404(
        SpendingLine.objects.select_related(
            "action_follow_up__follow_up__dossier__call", "action_follow_up__action"
        ),
        action_follow_up__follow_up=follow_up,
        pk=pk,
    )


def report_of(follow_up: FollowUp, pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("follow_up__dossier"), follow_up=follow_up, pk=pk)


@dataclass
class Totals:
    granted: Decimal
    declared: Decimal
    accepted: Decimal
    rejected: Decimal
    pending: Decimal
    share: Decimal  # the ARS share of the accepted spending, capped by the grant
    remaining: Decimal  # the grant not yet justified


def totals(follow_up: FollowUp) -> Totals:
    """From the prefetched lines: the page's figures without another query."""
    lines = [line for action in follow_up.actions.all() for line in action.lines.all()]
    by = {status: sum((x.amount for x in lines if x.status == status), Decimal(0)) for status in LineStatus}
    accepted = by[LineStatus.ACCEPTED]
    capped = min(follow_up.granted, (accepted * follow_up.subsidy_rate / 100).quantize(Decimal("0.01")))
    return Totals(
        granted=follow_up.granted,
        declared=sum((x.amount for x in lines), Decimal(0)),
        accepted=accepted,
        rejected=by[LineStatus.REJECTED],
        pending=by[LineStatus.SUBMITTED] + by[LineStatus.DOCUMENT_REQUESTED],
        share=capped,
        remaining=follow_up.granted - capped,
    )


def board_calls(user):
    return Call.objects.filter(region__agents=user)


@dataclass(frozen=True)
class BoardFilters:
    department: str = ""
    axis: str = ""
    late: bool = False
    not_started: bool = False

    @classmethod
    def from_query(cls, query) -> "BoardFilters":
        return cls(
            department=query.get("departement", "")[:3],
            axis=query.get("axe", "")[:20],
            late=query.get("retard") == "1",
            not_started=query.get("non_commencees") == "1",
        )


def _sum(path: str, **condition):
    return Coalesce(Sum(path, filter=Q(**condition) if condition else None), ZERO)


def board_data(call: Call, filters: BoardFilters, today: dt.date | None = None) -> dict:
    """The consumption board of a call: by dossier, by department and by axis, in three queries."""
    today = today or timezone.localdate()
    year_ago = add_months(today, -12)
    follow_ups = FollowUp.objects.filter(dossier__call=call)
    actions = ActionFollowUp.objects.filter(follow_up__dossier__call=call)
    if filters.department:
        follow_ups = follow_ups.filter(dossier__establishment__department_id=filters.department)
        actions = actions.filter(follow_up__dossier__establishment__department_id=filters.department)
    if filters.axis:
        follow_ups = follow_ups.filter(actions__action__axis=filters.axis).distinct()
        actions = actions.filter(action__axis=filters.axis)
    late_reports = (
        Report.objects.filter(follow_up=OuterRef("pk"), status=ReportStatus.EXPECTED, due_on__lt=today)
        .values("follow_up")
        .annotate(n=Count("pk"))
        .values("n")
    )
    not_started = (
        ActionFollowUp.objects.filter(
            follow_up=OuterRef("pk"), progress=Progress.NOT_STARTED, follow_up__granted_on__lte=year_ago
        )
        .values("follow_up")
        .annotate(n=Count("pk"))
        .values("n")
    )
    accepted = (
        SpendingLine.objects.filter(action_follow_up__follow_up=OuterRef("pk"), status=LineStatus.ACCEPTED)
        .values("action_follow_up__follow_up")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    pending = (
        SpendingLine.objects.filter(
            action_follow_up__follow_up=OuterRef("pk"),
            status__in=[LineStatus.SUBMITTED, LineStatus.DOCUMENT_REQUESTED],
        )
        .values("action_follow_up__follow_up")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = follow_ups.select_related("dossier__establishment", "closing").annotate(
        justified=Coalesce(Subquery(accepted), ZERO),
        pending=Coalesce(Subquery(pending), ZERO),
        late=Coalesce(Subquery(late_reports), 0),
        not_started=Coalesce(Subquery(not_started), 0),
    )
    if filters.late:
        rows = rows.filter(late__gt=0)
    if filters.not_started:
        rows = rows.filter(not_started__gt=0)
    rows = list(rows.order_by("dossier__number"))
    for row in rows:
        share = (row.justified * row.subsidy_rate / 100).quantize(Decimal("0.01"))
        row.share = min(row.granted, share)
        row.remaining = row.granted - row.share
    by_axis = list(
        actions.values(axis=F("action__axis"))
        .annotate(
            justified=_sum("lines__amount", lines__status=LineStatus.ACCEPTED),
            count=Count("pk", distinct=True),
            not_started=Count(
                "pk",
                filter=Q(progress=Progress.NOT_STARTED, follow_up__granted_on__lte=year_ago),
                distinct=True,
            ),
        )
        .order_by("axis")
    )
    # Granted per axis must not be multiplied by the lines joined: summed apart.
    granted_by_axis = dict(actions.values_list("action__axis").annotate(total=Sum("granted")).order_by())
    by_department = list(
        actions.values(department=F("follow_up__dossier__establishment__department_id"))
        .annotate(
            justified=_sum("lines__amount", lines__status=LineStatus.ACCEPTED),
            count=Count("follow_up", distinct=True),
        )
        .order_by("department")
    )
    granted_by_department = dict(
        follow_ups.values_list("dossier__establishment__department_id")
        .annotate(total=Sum("granted"))
        .order_by()
    )
    titles = {axis.code: axis.title for axis in call.spec.catalog.axes}
    for group in by_axis:
        group["granted"] = granted_by_axis.get(group["axis"], Decimal(0))
        group["title"] = titles.get(group["axis"], group["axis"] or "Sans axe")
    for group in by_department:
        group["granted"] = granted_by_department.get(group["department"], Decimal(0))
    return {
        "rows": rows,
        "by_axis": by_axis,
        "by_department": by_department,
        "totals": {
            "granted": sum((row.granted for row in rows), Decimal(0)),
            "justified": sum((row.justified for row in rows), Decimal(0)),
            "remaining": sum((row.remaining for row in rows), Decimal(0)),
            "late": sum(row.late for row in rows),
            "not_started": sum(row.not_started for row in rows),
        },
    }


def establishment_dossiers(establishment, *, porteur: bool):
    """Every filed dossier of the establishment with its actions, grants and follow-up, in a fixed number of
    queries (the porteur also sees its drafts)."""
    dossiers = Dossier.objects.filter(establishment=establishment)
    if not porteur:
        dossiers = dossiers.exclude(status=DossierStatus.DRAFT)
    return list(
        dossiers.select_related("call", "monitoring__closing")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("decision", "monitoring").prefetch_related(
                    Prefetch(
                        "monitoring__measurements", queryset=Measurement.objects.select_related("indicator")
                    ),
                    "monitoring__lines",
                ),
            )
        )
        .order_by("-call__year", "-pk")
    )
