"""A complete CLACT or Normandie dossier built through the services, as a porteur would fill it."""

from decimal import Decimal

from dossiers import services
from dossiers.services import ActionValues
from tests.dossiers.files import pdf_upload

IDENTIFICATION = {
    "contact_name": "Claire Martin, directrice",
    "contact_email": "claire.martin@example.org",
    "headcount": 950,
    "fte_medical": Decimal("62.5"),
    "fte_non_medical": Decimal("801"),
    "beds_and_places": 410,
    "absenteeism_rate": Decimal("9.4"),
    "turnover_rate": Decimal("11.2"),
}
PROJECT = {
    "scope": "Pôle gériatrie et SSR",
    "diagnostic": "DUERP 2024 et enquête auprès des agents",
    "objectives": "Réduire de moitié les AT de manutention",
    "schedule": "Achats en novembre 2024, formation en décembre",
    "follow_up": "Comité de suivi trimestriel avec le CSE",
}


def action_values(**changes) -> ActionValues:
    values = {
        "title": "Deux lève-personnes motorisés",
        "axis": "1",
        "theme": "tms",
        "catalog_item": "leve_personne",
        "description": "Équiper l'unité de SSR.",
        "motivation": "14 AT de manutention en 2023.",
        "start": __import__("datetime").date(2024, 11, 1),
        "end": __import__("datetime").date(2025, 6, 30),
        "agents_concerned": 80,
        "expense_nature": "equipment",
        "cost": Decimal("24000"),
        "requested": Decimal("12000"),
        "own_funding": Decimal("12000"),
    }
    values.update(changes)
    return ActionValues(**values)


def complete_action(dossier, user, **changes):
    action = services.action_add(dossier=dossier, user=user, values=action_values(**changes))
    services.action_funding_set(
        action=action,
        user=user,
        other_funding=[],
        indicators=[("AT liés aux manutentions", "AT/an", "14", "7")],
    )
    services.document_add(
        dossier=dossier, user=user, kind="quote", upload=pdf_upload("devis.pdf"), action=action
    )
    return action


def complete_clact(dossier, user, actions: int = 1, attachments=None):
    services.dossier_update(dossier=dossier, user=user, section="Identification", values=IDENTIFICATION)
    services.dossier_update(dossier=dossier, user=user, section="Projet", values=PROJECT)
    for _ in range(actions):
        complete_action(dossier, user)
    kinds = (
        attachments if attachments is not None else [a.kind for a in dossier.call.spec.required_attachments]
    )
    for kind in kinds:
        services.document_add(dossier=dossier, user=user, kind=kind, upload=pdf_upload(f"{kind}.pdf"))
    return dossier


def complete_normandie(dossier, user):
    services.dossier_update(
        dossier=dossier,
        user=user,
        section="Identification",
        values={"contact_name": "Paul Lefèvre", "contact_email": "paul@example.org", "headcount": 85},
    )
    services.trinome_update(
        dossier=dossier,
        user=user,
        members={
            "direction": ("Paul Lefèvre", ""),
            "staff_representative": ("Nadia Haddad", ""),
            "employee": ("Julie Marie", ""),
        },
    )
    services.dossier_update(
        dossier=dossier,
        user=user,
        section="Motivation",
        values={"motivation": {c.code: f"Réponse au critère {c.title}." for c in dossier.call.spec.criteria}},
    )
    for kind in ("identification_sheet", "motivation_letter", "cse_opinion"):
        services.document_add(dossier=dossier, user=user, kind=kind, upload=pdf_upload(f"{kind}.pdf"))
    return dossier
