"""The figures of a call, computed in a few grouped queries and kept, so that a dashboard never aggregates actions.

At 100,000 dossiers the aggregates of a call take seconds: the task worker computes them (`figures_refresh`) and
keeps them grouped by every breakdown and filter of the dashboards, a few thousand rows; a dashboard adds up the
rows its filters keep. A reading asks the worker for new figures once they are older than QVCT_FIGURES_MAX_AGE
seconds and shows the kept ones, dated, meanwhile; figures never computed, or a maximum age of 0, are computed in
the request.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, DecimalField, DurationField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from funding.models import Decision
from monitoring.enums import LineStatus
from monitoring.models import Closing, SpendingLine

from .models import CallFigures

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
# The filters of the dashboards, each a column of the dossier's establishment: every kept row carries them.
FILTERS = {
    "department": "establishment__department_id",
    "sector": "establishment__sector",
    "legal_group": "establishment__legal_group",
}
# The breakdowns by establishment beyond the filters, and the dossier's state.
CUBE = {"status": "status", **FILTERS, "category": "establishment__category_label"}
DELAYS = {
    "admissibility": ("submitted_at", "decided_at"),
    "decision": ("decided_at", "letter__sent_at"),
    "total": ("submitted_at", "letter__sent_at"),
}


def _rows(queryset, names: dict[str, str]) -> list[dict]:
    """The grouped rows with the dashboard's names for their keys; amounts as text, durations in seconds (JSON)."""
    rows = []
    for row in queryset:
        kept = {name: row.pop(path) or "" for name, path in names.items()}
        for key, value in row.items():
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, dt.timedelta):
                value = value.total_seconds()
            elif value is not None and key.endswith("_seconds"):
                value = float(value) / 1_000_000  # microseconds, as some databases answer a sum of durations
            kept[key] = value
        rows.append(kept)
    return rows


def _prefixed(names: dict[str, str], prefix: str) -> dict[str, str]:
    return {name: f"{prefix}{path}" for name, path in names.items()}


def figures_compute(call: Call) -> dict[str, list[dict]]:
    """Every figure of the dashboards for `call`, grouped by the dossier's state and its establishment (7 queries)."""
    dossiers = Dossier.objects.filter(call=call)
    filed = dossiers.exclude(status=DossierStatus.DRAFT)
    of_dossier = _prefixed(CUBE, "dossier__")
    counts = dossiers.values(*CUBE.values()).annotate(
        dossiers=Count("pk"),
        actions=Coalesce(Sum("actions_count"), 0),
        requested=Coalesce(Sum("requested_total"), ZERO),
    )
    decisions = (
        Decision.objects.filter(dossier__call=call)
        .values(*of_dossier.values())
        .annotate(
            fundable=Coalesce(Sum("fundable"), ZERO),
            granted=Coalesce(Sum("granted", filter=Q(scenario__validated_at__isnull=False)), ZERO),
        )
    )
    catalog = (
        Action.objects.filter(dossier__call=call)
        .exclude(dossier__status=DossierStatus.DRAFT)
        .values("axis", "theme", "catalog_item", *_prefixed(FILTERS, "dossier__").values())
        .annotate(
            dossiers=Count("dossier", distinct=True),
            actions=Count("pk"),
            requested=Coalesce(Sum("requested"), ZERO),
            granted=Coalesce(
                Sum("decision__granted", filter=Q(decision__scenario__validated_at__isnull=False)), ZERO
            ),
        )
    )
    findings = filed.values("finding_codes", *FILTERS.values()).annotate(dossiers=Count("pk"))
    delays = filed.values(*FILTERS.values()).annotate(
        **{
            f"{name}_seconds": Sum(ExpressionWrapper(F(end) - F(start), output_field=DurationField()))
            for name, (start, end) in DELAYS.items()
        },
        **{
            f"{name}_count": Count("pk", filter=Q(**{f"{start}__isnull": False, f"{end}__isnull": False}))
            for name, (start, end) in DELAYS.items()
        },
    )
    of_follow_up = _prefixed(FILTERS, "follow_up__dossier__")
    justified = (
        SpendingLine.objects.filter(
            action_follow_up__follow_up__dossier__in=filed.values("pk"), status=LineStatus.ACCEPTED
        )
        .values(*_prefixed(FILTERS, "action_follow_up__follow_up__dossier__").values())
        .annotate(justified=Sum("amount"))
    )
    recovered = (
        Closing.objects.filter(follow_up__dossier__in=filed.values("pk"))
        .values(*of_follow_up.values())
        .annotate(recovered=Sum("to_recover"))
    )
    return {
        "counts": _rows(counts.order_by(), CUBE),
        "decisions": _rows(decisions.order_by(), of_dossier),
        "catalog": _rows(
            catalog.order_by(),
            {"axis": "axis", "theme": "theme", "item": "catalog_item", **_prefixed(FILTERS, "dossier__")},
        ),
        "findings": _rows(findings.order_by(), {"codes": "finding_codes", **FILTERS}),
        "delays": _rows(delays.order_by(), FILTERS),
        "justified": _rows(
            justified.order_by(), _prefixed(FILTERS, "action_follow_up__follow_up__dossier__")
        ),
        "recovered": _rows(recovered.order_by(), of_follow_up),
    }


def figures_refresh(*, call: Call) -> CallFigures:
    """Computes the figures of `call` now and keeps them (the task's work, or a first reading's)."""
    rows = figures_compute(call)
    values = {"rows": rows, "computed_at": timezone.now(), "refresh_requested_at": None}
    try:
        with transaction.atomic():
            figures, _ = CallFigures.objects.update_or_create(call=call, defaults=values)
    except IntegrityError:
        # Another reading computed the first figures of this call at the same moment: theirs are as fresh.
        figures = CallFigures.objects.get(call=call)
    figures.call = call
    return figures


@task()
def figures_refresh_task(call_id: int) -> None:
    figures_refresh(call=Call.objects.get(pk=call_id))


def _refresh_ask(figures: CallFigures, now: dt.datetime, max_age: int) -> None:
    """Asks the worker for new figures once: a second reading before the task runs asks nothing more, unless the
    request is itself older than the maximum age (its task lost)."""
    waiting = Q(refresh_requested_at__isnull=True) | Q(
        refresh_requested_at__lt=now - dt.timedelta(seconds=max_age)
    )
    asked = CallFigures.objects.filter(waiting, pk=figures.pk).update(refresh_requested_at=now)
    if asked:
        figures.refresh_requested_at = now
        transaction.on_commit(lambda: figures_refresh_task.enqueue(figures.call_id))


def figures_read(calls: list[Call]) -> list[CallFigures]:
    """The figures of `calls`: those kept, new ones asked for when too old; those never computed, computed now."""
    max_age = settings.QVCT_FIGURES_MAX_AGE
    now = timezone.now()
    kept = {}
    if max_age > 0:
        kept = {item.call_id: item for item in CallFigures.objects.filter(call__in=[c.pk for c in calls])}
    read = []
    for call in calls:
        figures = kept.get(call.pk)
        if max_age <= 0:
            # Computed at every reading, kept nowhere: a small instance, or the tests.
            figures = CallFigures(call=call, rows=figures_compute(call), computed_at=now)
        elif figures is None:
            figures = figures_refresh(call=call)
        else:
            figures.call = call
            if (now - figures.computed_at).total_seconds() > max_age:
                _refresh_ask(figures, now, max_age)
        read.append(figures)
    return read
