"""The instruction list's cells, prepared in Python: the template loops over ready cells instead of running a chain
of `{% if %}/{% elif %}` per cell (about 60 % of a page's rendering at 50 rows, docs/benchmarks.md)."""

from dataclasses import dataclass
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from eligibility.catalog import rule_label
from qvct.formats import euros


@dataclass(frozen=True)
class Cell:
    html: SafeString
    css: str = ""


@dataclass(frozen=True)
class Row:
    pk: int
    reference: str
    cells: list[Cell]


def _date(value, pattern: str = "%d/%m/%Y") -> str:
    return timezone.localtime(value).strftime(pattern) if value else ""


def _findings(dossier) -> SafeString:
    labels = ", ".join(rule_label(code) for code in dossier.finding_codes.split()) or "—"
    badge = '<p class="fr-badge fr-badge--error fr-badge--sm">bloquant</p> ' if dossier.has_blocking else ""
    return format_html('{}<span class="fr-text--xs">{}</span>', SafeString(badge), labels)


def _assigned(dossier) -> str:
    agent = dossier.assigned_to
    return (agent.get_full_name() or agent.email) if agent else "—"


def list_rows(dossiers, columns: list[str]) -> list[Row]:
    """Each dossier's row: one cell per shown column, escaped and formatted the French way."""
    badges: dict[str, SafeString] = {}

    def status(dossier) -> SafeString:
        if dossier.status not in badges:
            badges[dossier.status] = SafeString(
                render_to_string(
                    "dossiers/includes/status_badge.html",
                    {"status": dossier.status, "label": dossier.get_status_display()},
                ).strip()
            )
        return badges[dossier.status]

    # One `reverse()` per page, not per row (URL resolution is a good part of a row's cost).
    link = reverse("review:dossier", args=["REFERENCE"])
    cells = {
        "reference": lambda d: Cell(
            format_html(
                '<a href="{}">{}</a>', link.replace("REFERENCE", quote(d.reference, safe="")), d.reference
            ),
            "qvct-nowrap",
        ),
        "establishment": lambda d: Cell(format_html("{}", d.establishment.display_name)),
        "finess": lambda d: Cell(format_html("{}", d.establishment.finess)),
        "department": lambda d: Cell(format_html("{}", d.establishment.department_id)),
        "call": lambda d: Cell(format_html("{}", d.call.short_title)),
        "status": lambda d: Cell(status(d), "qvct-nowrap"),
        "submitted_at": lambda d: Cell(
            format_html(
                '{}<br><span class="fr-text--xs">{}</span>',
                _date(d.submitted_at),
                _date(d.submitted_at, "%H:%M"),
            )
        ),
        "requested": lambda d: Cell(format_html("{}", euros(d.requested_total)), "qvct-amount"),
        "actions": lambda d: Cell(format_html("{}", d.actions_count)),
        "findings": lambda d: Cell(_findings(d), "qvct-findings"),
        "assigned": lambda d: Cell(format_html("{}", _assigned(d))),
        "due": lambda d: Cell(
            format_html("{}", d.complements_due.strftime("%d/%m/%Y") if d.complements_due else "—")
        ),
    }
    shown = [cells[key] for key in columns]
    return [Row(d.pk, d.reference, [cell(d) for cell in shown]) for d in dossiers]
