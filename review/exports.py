"""The export of selected dossiers from the instruction list (no private annotation in it)."""

from django.utils import timezone

from dossiers.models import Dossier

HEADERS = [
    "Dossier",
    "Appel",
    "FINESS",
    "Établissement",
    "Département",
    "Secteur",
    "État",
    "Déposé le",
    "Instructeur·rice",
    "Actions",
    "Demande ARS (€)",
    "Constat bloquant retenu",
    "Codes des constats retenus",
    "Compléments avant le",
]


def selection_rows(dossiers: list[Dossier]) -> list[list]:
    """One row per dossier; expects `review.selectors.selection` (annotated with the totals)."""
    rows = []
    for dossier in dossiers:
        establishment = dossier.establishment
        rows.append(
            [
                dossier.reference,
                dossier.call.short_title,
                establishment.finess,
                establishment.display_name,
                establishment.department_id,
                establishment.get_sector_display(),
                dossier.get_status_display(),
                timezone.localtime(dossier.submitted_at) if dossier.submitted_at else None,
                (dossier.assigned_to.get_full_name() or dossier.assigned_to.email)
                if dossier.assigned_to
                else "",
                dossier.actions_count,
                dossier.requested_total,
                dossier.has_blocking,
                dossier.finding_codes.strip(),
                dossier.complements_due,
            ]
        )
    return rows
