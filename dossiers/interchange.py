"""A dossier as a `qvct.dossier/1` document: what the JSON export writes and what the rule engine reads."""

from decimal import Decimal

from .models import Dossier


def _amount(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def dossier_to_data(dossier: Dossier) -> dict:
    """Expects the dossier loaded with `selectors.dossier_queryset()` (no query per action or document)."""
    establishment = dossier.establishment
    documents = [document for document in dossier.documents.all() if document.action_id is None]
    return {
        "format": "qvct.dossier/1",
        "campaign": dossier.call.code,
        "reference": dossier.reference,
        "status": dossier.status,
        "submitted_at": dossier.submitted_at.isoformat() if dossier.submitted_at else None,
        "establishment": {
            "name": establishment.display_name,
            "finess": establishment.finess,
            "finess_ej": establishment.finess_ej,
            "siret": establishment.siret or None,
            "department": establishment.department_id,
            "ght": dossier.ght or establishment.ght or None,
            "sector": establishment.sector or None,
            "legal_status": establishment.legal_group or None,
            "category": establishment.category_code or None,
            "address": establishment.address,
            "postal_code": establishment.postal_code,
            "city": establishment.city,
            "contact_name": dossier.contact_name,
            "email": dossier.contact_email or None,
            "phone": dossier.contact_phone,
            "headcount": dossier.headcount,
            "fte_medical": _number(dossier.fte_medical),
            "fte_non_medical": _number(dossier.fte_non_medical),
            "beds_and_places": dossier.beds_and_places,
            "absenteeism_rate": _number(dossier.absenteeism_rate),
            "turnover_rate": _number(dossier.turnover_rate),
        },
        "partners": [
            {"name": partner.establishment.display_name, "finess": partner.establishment.finess}
            for partner in dossier.partners.all()
        ],
        "trinome": [
            {"role": member.role, "name": member.name, "email": member.email}
            for member in dossier.trinome.all()
        ],
        "project": {
            "scope": dossier.scope,
            "diagnostic": dossier.diagnostic,
            "objectives": dossier.objectives,
            "schedule": dossier.schedule,
            "follow_up": dossier.follow_up,
            "motivation": dict(dossier.motivation),
        },
        "actions": [
            {
                "title": action.title,
                "axis": action.axis or None,
                "theme": action.theme or None,
                "catalog_item": action.catalog_item or None,
                "description": action.description,
                "motivation": action.motivation,
                "priority": action.position,
                "start": action.start.isoformat() if action.start else None,
                "end": action.end.isoformat() if action.end else None,
                "agents_concerned": action.agents_concerned,
                "mutualized": action.mutualized,
                "expense_nature": action.expense_nature or None,
                "cost": _amount(action.cost),
                "requested": _amount(action.requested),
                "own_funding": _amount(action.own_funding),
                "other_funding": [
                    {"funder": funding.funder, "amount": _amount(funding.amount)}
                    for funding in action.other_funding.all()
                ],
                "quotes": [
                    {
                        "file": quote.original_name,
                        "supplier": quote.supplier,
                        "amount": _amount(quote.amount),
                        "sha256": quote.sha256,
                    }
                    for quote in action.quotes.all()
                ],
                "indicators": [
                    {
                        "name": indicator.name,
                        "unit": indicator.unit,
                        "baseline": indicator.baseline,
                        "target": indicator.target,
                    }
                    for indicator in action.indicators.all()
                ],
                "funded_elsewhere": action.funded_elsewhere,
                "reimbursable_elsewhere": action.reimbursable_elsewhere,
                "training_plan": action.training_plan,
                "renews_action": action.renews_action or None,
            }
            for action in dossier.actions.all()
        ],
        "attachments": [
            {
                "kind": document.kind,
                "file": document.original_name,
                "sha256": document.sha256,
                "size": document.size,
            }
            for document in documents
        ],
    }
