"""Reads of the dashboards: the figures of the calls of the user's regions, added up from each call's kept figures.

The aggregates are computed per call and kept (stats/figures.py), grouped by every breakdown and filter; a dashboard
adds up the rows its filters keep, so it runs the same few queries for ten dossiers as for a hundred thousand.
Labels come from the call definitions, the enumerations and the rule catalog, never codes.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import QuerySet

from calls.models import Call
from dossiers.enums import DossierStatus
from eligibility.catalog import CATALOG
from referential.enums import LegalGroup, Sector
from referential.models import Department

from .figures import DELAYS, figures_read
from .models import CallFigures


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
    # The oldest figures shown, and whether the task worker was asked for newer ones.
    computed_at: dt.datetime | None = None
    refreshing: bool = False


def _scaled(groups: list[Group]) -> list[Group]:
    largest = max((group.dossiers for group in groups), default=0)
    for group in groups:
        group.share = group.dossiers / largest if largest else 0.0
    return groups


def _ranked(groups: dict[str, Group], by: str = "dossiers") -> list[Group]:
    return _scaled(sorted(groups.values(), key=lambda group: (-getattr(group, by), group.label)))


class _Rows:
    """The kept rows of the calls shown that the filters keep (stats/figures.py), added up by breakdown."""

    def __init__(self, figures: list[CallFigures], filters: Filters):
        def kept(row) -> bool:
            return (
                (not filters.department or row["department"] == filters.department)
                and (not filters.sector or row["sector"] == filters.sector)
                and (not filters.legal_group or row["legal_group"] == filters.legal_group)
            )

        self.figures = [
            (item.call, {name: [r for r in rows if kept(r)] for name, rows in item.rows.items()})
            for item in figures
        ]

    def rows(self, name: str):
        for call, rows in self.figures:
            for row in rows[name]:
                yield call, row

    def breakdown(self, key: str, label, filed_only: bool = True) -> list[Group]:
        """By one column of the dossier or its establishment: dossiers, actions, requested, granted."""
        groups: dict[str, Group] = {}

        def group_of(row) -> Group | None:
            if filed_only and row["status"] == DossierStatus.DRAFT:
                return None
            value = row[key]
            return groups.setdefault(value, Group(key=value, label=label(value)))

        for _, row in self.rows("counts"):
            if group := group_of(row):
                group.dossiers += row["dossiers"]
                group.actions += row["actions"]
                group.requested += Decimal(row["requested"])
        for _, row in self.rows("decisions"):
            if group := group_of(row):
                group.granted += Decimal(row["granted"])
        return _ranked(groups)

    def amounts(self) -> dict[str, Decimal]:
        """Requested, fundable and granted by the filed dossiers; justified and recovered in their follow-up."""
        totals = {key: Decimal(0) for key in ("requested", "fundable", "granted", "justified", "recovered")}
        for name, keys in (
            ("counts", ("requested",)),
            ("decisions", ("fundable", "granted")),
            ("justified", ("justified",)),
            ("recovered", ("recovered",)),
        ):
            for _, row in self.rows(name):
                if row.get("status") != DossierStatus.DRAFT:
                    for key in keys:
                        totals[key] += Decimal(row[key] or 0)
        return totals

    def catalog(self) -> tuple[list[Group], list[Group], list[Group]]:
        """By axis, theme and catalog item, named from each call's catalog."""
        levels: list[dict[str, Group]] = [{}, {}, {}]
        for call, row in self.rows("catalog"):
            spec = call.spec
            axis = next((a for a in spec.catalog.axes if a.code == row["axis"]), None)
            theme = spec.theme(row["theme"]) if row["theme"] else None
            item = next((i for i in theme.items if i.code == row["item"]), None) if theme else None
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
                group.requested += Decimal(row["requested"])
                group.granted += Decimal(row["granted"])
        return tuple(_ranked(level, by="actions") for level in levels)  # type: ignore[return-value]

    def delays(self) -> dict[str, float | None]:
        """The mean days from filing to admissibility, to the letter, and in all."""
        delays = {}
        for name in DELAYS:
            seconds = count = 0.0
            for _, row in self.rows("delays"):
                seconds += row[f"{name}_seconds"] or 0
                count += row[f"{name}_count"]
            delays[name] = seconds / count / 86400 if count else None
        return delays

    def findings(self, total: int) -> list[dict]:
        """The share of filed dossiers that keep each finding (not lifted by an instructor)."""
        counts: dict[str, int] = {}
        for _, row in self.rows("findings"):
            for code in set(row["codes"].split()):
                counts[code] = counts.get(code, 0) + row["dossiers"]
        rows = [
            {"label": rule.label, "count": counts[code], "share": counts[code] / total if total else 0}
            for code, rule in CATALOG.items()
            if counts.get(code)
        ]
        return sorted(rows, key=lambda row: (-row["count"], row["label"]))


def dashboard(calls: list[Call], filters: Filters) -> Dashboard:
    """The figures of `calls` (already limited to the user's regions) under `filters`, from their kept figures."""
    if filters.year:
        calls = [call for call in calls if call.year == filters.year]
    figures = figures_read(calls)
    rows = _Rows(figures, filters)
    statuses = dict(DossierStatus.choices)
    by_status = rows.breakdown("status", lambda key: statuses.get(key, "Autre état"), filed_only=False)
    drafts = next((group.dossiers for group in by_status if group.key == DossierStatus.DRAFT), 0)
    by_status = [group for group in by_status if group.key != DossierStatus.DRAFT]
    filed_count = sum(group.dossiers for group in by_status)
    departments = dict(
        Department.objects.filter(region__calls__in=[c.pk for c in calls])
        .values_list("code", "name")
        .distinct()
    )
    sectors, legal_groups = dict(Sector.choices), dict(LegalGroup.choices)
    by_axis, by_theme, by_item = rows.catalog()
    return Dashboard(
        calls=calls,
        filed=filed_count,
        drafts=drafts,
        actions=sum(group.actions for group in by_status),
        amounts=rows.amounts(),
        by_status=by_status,
        by_axis=by_axis,
        by_theme=by_theme,
        by_item=by_item,
        by_department=rows.breakdown(
            "department", lambda key: f"{departments.get(key, 'Département')} ({key})"
        ),
        by_sector=rows.breakdown("sector", lambda key: sectors.get(key) or "Non précisé"),
        by_legal_group=rows.breakdown("legal_group", lambda key: legal_groups.get(key) or "À préciser"),
        by_category=rows.breakdown("category", lambda key: key or "Catégorie non précisée"),
        delays=rows.delays(),
        findings=rows.findings(filed_count),
        computed_at=min((item.computed_at for item in figures), default=None),
        refreshing=any(item.refresh_requested_at for item in figures),
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
