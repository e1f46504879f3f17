"""Reads of the dashboards: the figures of the calls of the user's regions, aggregated in the database.

Every figure comes from one grouped query per breakdown, so a dashboard runs the same number of queries for ten
dossiers as for twenty thousand. Labels come from the call definitions, the enumerations and the rule catalog,
never codes.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from eligibility.catalog import CATALOG
from monitoring.enums import LineStatus
from monitoring.models import Closing, SpendingLine
from referential.enums import LegalGroup, Sector
from referential.models import Department

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
# The dashboards count filed dossiers: a draft is its porteur's own until it is filed.
FILED = ~Q(status=DossierStatus.DRAFT)
GRANTED = Q(decision__scenario__validated_at__isnull=False)


def scope_calls(user) -> QuerySet[Call]:
    """The calls of the user's regions: the only ones whose figures they see."""
    return Call.objects.filter(region__agents=user).select_related("region").order_by("-year", "short_title")


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows, read from the query string so that a view can be shared and bookmarked."""

    year: int | None = None
    department: str = ""
    sector: str = ""
    legal_group: str = ""
    view: str = "carte"

    @classmethod
    def from_query(cls, query) -> "Filters":
        year = query.get("annee", "")
        sector = query.get("secteur", "")
        legal_group = query.get("statut", "")
        return cls(
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            department=query.get("departement", "")[:3],
            sector=sector if sector in Sector.values else "",
            legal_group=legal_group if legal_group in LegalGroup.values and legal_group else "",
            view="tableau" if query.get("vue") == "tableau" else "carte",
        )

    def params(self, **changes) -> str:
        """The query string of these filters with `changes` applied (empty values left out)."""
        values = replace(self, **changes)
        pairs = {
            "annee": values.year or "",
            "departement": values.department,
            "secteur": values.sector,
            "statut": values.legal_group,
            "vue": "" if values.view == "carte" else values.view,
        }
        return urlencode({key: value for key, value in pairs.items() if value})


@dataclass
class Group:
    key: str
    label: str
    dossiers: int = 0
    actions: int = 0
    requested: Decimal = Decimal(0)
    granted: Decimal = Decimal(0)
    share: float = 0.0  # of the largest group, for the bars


@dataclass
class Dashboard:
    calls: list[Call]
    filed: int
    drafts: int
    actions: int
    amounts: dict[str, Decimal]
    by_status: list[Group]
    by_axis: list[Group] = field(default_factory=list)
    by_theme: list[Group] = field(default_factory=list)
    by_item: list[Group] = field(default_factory=list)
    by_department: list[Group] = field(default_factory=list)
    by_sector: list[Group] = field(default_factory=list)
    by_legal_group: list[Group] = field(default_factory=list)
    by_category: list[Group] = field(default_factory=list)
    delays: dict[str, float | None] = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)


def _dossiers(calls: list[Call], filters: Filters) -> QuerySet[Dossier]:
    queryset = Dossier.objects.filter(call__in=[call.pk for call in calls])
    if filters.department:
        queryset = queryset.filter(establishment__department_id=filters.department)
    if filters.sector:
        queryset = queryset.filter(establishment__sector=filters.sector)
    if filters.legal_group:
        queryset = queryset.filter(establishment__legal_group=filters.legal_group)
    return queryset


def _scaled(groups: list[Group]) -> list[Group]:
    largest = max((group.dossiers for group in groups), default=0)
    for group in groups:
        group.share = group.dossiers / largest if largest else 0.0
    return groups


def _merge(rows, amounts, label) -> list[Group]:
    """Groups from a count query and an amount query keyed alike; `label(key)` names each key in French."""
    groups: dict[str, Group] = {}
    for row in rows:
        key = row["key"] or ""
        group = groups.setdefault(key, Group(key=key, label=label(key)))
        group.dossiers += row["dossiers"]
    for row in amounts:
        key = row["key"] or ""
        group = groups.setdefault(key, Group(key=key, label=label(key)))
        group.actions += row["actions"]
        group.requested += row["requested"]
        group.granted += row["granted"]
    return _scaled(sorted(groups.values(), key=lambda group: (-group.dossiers, group.label)))


# The breakdowns of the dashboard, each a column of the dossier or of its establishment.
DIMENSIONS = (
    "status",
    "establishment__department_id",
    "establishment__sector",
    "establishment__legal_group",
    "establishment__category_label",
)


@dataclass
class _Cube:
    """Dossiers counted and actions summed once, grouped by every breakdown at the same time; each breakdown is
    then read from these few thousand rows in Python (two queries instead of two per breakdown)."""

    counts: list[dict]
    amounts: list[dict]

    def breakdown(self, path: str, label, filed_only: bool = True) -> list[Group]:
        def keep(row, status_key):
            return not filed_only or row[status_key] != DossierStatus.DRAFT

        rows = [{"key": row[path], "dossiers": row["dossiers"]} for row in self.counts if keep(row, "status")]
        amounts = [
            {**row, "key": row[f"dossier__{path}"]} for row in self.amounts if keep(row, "dossier__status")
        ]
        return _merge(rows, amounts, label)

    def filed_amounts(self) -> dict[str, Decimal]:
        filed = [row for row in self.amounts if row["dossier__status"] != DossierStatus.DRAFT]
        return {
            key: sum((row[key] for row in filed), Decimal(0)) for key in ("requested", "fundable", "granted")
        }


def _cube(everything) -> _Cube:
    counts = everything.values(*DIMENSIONS).annotate(dossiers=Count("pk")).order_by()
    amounts = (
        Action.objects.filter(dossier__in=everything.values("pk"))
        .values(*(f"dossier__{path}" for path in DIMENSIONS))
        .annotate(
            actions=Count("pk"),
            requested=Coalesce(Sum("requested"), ZERO),
            fundable=Coalesce(Sum("decision__fundable"), ZERO),
            granted=Coalesce(Sum("decision__granted", filter=GRANTED), ZERO),
        )
        .order_by()
    )
    return _Cube(list(counts), list(amounts))


def _catalog(actions, calls: list[Call]) -> tuple[list[Group], list[Group], list[Group]]:
    """By axis, theme and catalog item in one query grouped by call and codes, named from each call's catalog."""
    rows = list(
        actions.values("dossier__call_id", "axis", "theme", "catalog_item")
        .annotate(
            dossiers=Count("dossier", distinct=True),
            actions=Count("pk"),
            requested=Coalesce(Sum("requested"), ZERO),
            granted=Coalesce(Sum("decision__granted", filter=GRANTED), ZERO),
        )
        .order_by()
    )
    specs = {call.pk: call.spec for call in calls}
    levels: list[dict[str, Group]] = [{}, {}, {}]
    for row in rows:
        spec = specs[row["dossier__call_id"]]
        axis = next((a for a in spec.catalog.axes if a.code == row["axis"]), None)
        theme = spec.theme(row["theme"]) if row["theme"] else None
        item = next((i for i in theme.items if i.code == row["catalog_item"]), None) if theme else None
        labels = (
            f"Axe {axis.code} : {axis.title}" if axis else "Axe non précisé",
            theme.title if theme else "Thématique non précisée",
            item.title if item else "Action hors catalogue",
        )
        for level, label in zip(levels, labels, strict=True):
            group = level.setdefault(label, Group(key=label, label=label))
            # A dossier with two actions on one axis counts once per row: an upper bound, said on the page.
            group.dossiers += row["dossiers"]
            group.actions += row["actions"]
            group.requested += row["requested"]
            group.granted += row["granted"]
    return tuple(  # type: ignore[return-value]
        _scaled(sorted(level.values(), key=lambda group: (-group.actions, group.label))) for level in levels
    )


def _days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000  # microseconds, as some databases answer an average of durations


def _delays(filed) -> dict[str, float | None]:
    def span(start, end):
        return Avg(ExpressionWrapper(F(end) - F(start), output_field=DurationField()))

    values = filed.aggregate(
        admissibility=span("submitted_at", "decided_at"),
        decision=span("decided_at", "letter__sent_at"),
        total=span("submitted_at", "letter__sent_at"),
    )
    return {key: _days(value) for key, value in values.items()}


def _findings(filed, total: int) -> list[dict]:
    """The share of filed dossiers that keep each finding (not lifted by an instructor), in one query."""
    counts = filed.aggregate(
        **{
            f"c{index}": Count("pk", filter=Q(finding_codes__contains=f" {code} "))
            for index, code in enumerate(CATALOG)
        }
    )
    rows = []
    for index, rule in enumerate(CATALOG.values()):
        count = counts[f"c{index}"]
        if count:
            rows.append({"label": rule.label, "count": count, "share": count / total if total else 0})
    return sorted(rows, key=lambda row: (-row["count"], row["label"]))


def dashboard(calls: list[Call], filters: Filters) -> Dashboard:
    """The figures of `calls` (already limited to the user's regions) under `filters`."""
    if filters.year:
        calls = [call for call in calls if call.year == filters.year]
    everything = _dossiers(calls, filters)
    filed = everything.filter(FILED)
    actions = Action.objects.filter(dossier__in=filed.values("pk"))
    statuses = dict(DossierStatus.choices)
    cube = _cube(everything)
    by_status = cube.breakdown("status", lambda key: statuses.get(key, "Autre état"), filed_only=False)
    drafts = next((group.dossiers for group in by_status if group.key == DossierStatus.DRAFT), 0)
    by_status = [group for group in by_status if group.key != DossierStatus.DRAFT]
    amounts = cube.filed_amounts()
    # Justified: the spending lines the ARS accepted so far; recovered: what the closings take back.
    amounts.update(
        SpendingLine.objects.filter(
            action_follow_up__follow_up__dossier__in=filed.values("pk"), status=LineStatus.ACCEPTED
        ).aggregate(justified=Coalesce(Sum("amount"), ZERO))
    )
    amounts.update(
        Closing.objects.filter(follow_up__dossier__in=filed.values("pk")).aggregate(
            recovered=Coalesce(Sum("to_recover"), ZERO)
        )
    )
    filed_count = sum(group.dossiers for group in by_status)
    departments = dict(
        Department.objects.filter(region__calls__in=[c.pk for c in calls])
        .values_list("code", "name")
        .distinct()
    )
    sectors, legal_groups = dict(Sector.choices), dict(LegalGroup.choices)
    by_axis, by_theme, by_item = _catalog(actions, calls)
    return Dashboard(
        calls=calls,
        filed=filed_count,
        drafts=drafts,
        actions=sum(group.actions for group in by_status),
        amounts=amounts,
        by_status=by_status,
        by_axis=by_axis,
        by_theme=by_theme,
        by_item=by_item,
        by_department=cube.breakdown(
            "establishment__department_id", lambda key: f"{departments.get(key, 'Département')} ({key})"
        ),
        by_sector=cube.breakdown("establishment__sector", lambda key: sectors.get(key) or "Non précisé"),
        by_legal_group=cube.breakdown(
            "establishment__legal_group", lambda key: legal_groups.get(key) or "À préciser"
        ),
        by_category=cube.breakdown(
            "establishment__category_label", lambda key: key or "Catégorie non précisée"
        ),
        delays=_delays(filed),
        findings=_findings(filed, filed_count),
    )


def map_tiles(user, by_department: list[Group]) -> list[dict]:
    """The departments of the user's regions as tiles of a grid, each with its dossier count (one query)."""
    counts = {group.key: group for group in by_department}
    largest = max((group.dossiers for group in by_department), default=0)
    tiles = []
    departments = Department.objects.filter(region__agents=user).order_by("code")
    for index, department in enumerate(departments):
        group = counts.get(department.code)
        dossiers = group.dossiers if group else 0
        # Four shades, each also told by the number written on the tile: readable without colour.
        level = 0 if not dossiers else 1 + min(3, int(3 * dossiers / largest)) if largest else 0
        tiles.append(
            {
                "code": department.code,
                "name": department.name,
                "dossiers": dossiers,
                "granted": group.granted if group else Decimal(0),
                "level": min(level, 3),
                "x": (index % 5) * 120,
                "y": (index // 5) * 90,
            }
        )
    return tiles
