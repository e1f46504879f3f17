"""Dossiers in the `qvct.dossier/1` format for the tests: clean ones, to be changed one rule at a time."""

import copy

from tests.referential.factories import valid_siret


def clact_action(**changes) -> dict:
    action = {
        "title": "Deux lève-personnes motorisés pour l'unité de SSR",
        "axis": "1",
        "theme": "tms",
        "catalog_item": "leve_personne",
        "description": "Équiper l'unité de SSR.",
        "motivation": "80 agents exposés, 14 AT de manutention l'an dernier.",
        "priority": 1,
        "start": "2024-11-01",
        "end": "2025-06-30",
        "agents_concerned": 80,
        "mutualized": False,
        "expense_nature": "equipment",
        "cost": 24000.00,
        "requested": 12000.00,
        "own_funding": 12000.00,
        "other_funding": [{"funder": "CARSAT", "amount": 0}],
        "quotes": [{"file": "devis-leve-personne.pdf", "supplier": "Arjo", "amount": 24000.00}],
        "indicators": [{"name": "AT liés aux manutentions", "unit": "AT/an", "baseline": 14, "target": 7}],
        "funded_elsewhere": False,
        "reimbursable_elsewhere": False,
        "renews_action": None,
    }
    action.update(changes)
    return action


def clact_dossier(**changes) -> dict:
    dossier = {
        "format": "qvct.dossier/1",
        "campaign": "clact-grand-est-2024",
        "reference": "DS-123456",
        "submitted_at": "2024-05-10T17:45:00+02:00",
        "establishment": {
            "name": "Centre hospitalier de Sélestat",
            "finess": "670000272",
            "siret": valid_siret(5700),
            "department": "67",
            "ght": "GHT 10",
            "sector": "sanitaire",
            "legal_status": "public",
            "headcount": 950,
        },
        "partners": [],
        "trinome": [],
        "project": {"scope": "SSR", "diagnostic": "DUERP 2024", "objectives": "Moins d'AT"},
        "actions": [clact_action()],
        "attachments": [
            {"kind": kind, "file": f"{kind}.pdf"}
            for kind in ("signed_contract", "cse_opinion", "duerp", "prevention_plan", "rib", "summary_sheet")
        ],
    }
    dossier.update(changes)
    return copy.deepcopy(dossier)


def normandie_dossier(**changes) -> dict:
    dossier = {
        "format": "qvct.dossier/1",
        "campaign": "aac-normandie-2024",
        "reference": "NO-2024-001",
        "submitted_at": None,
        "establishment": {
            "name": "EHPAD Les Tilleuls",
            "finess": "140001231",
            "siret": valid_siret(1231, public=False),
            "department": "14",
            "sector": "medico_social",
            "legal_status": "prive_non_lucratif",
        },
        "trinome": [
            {"role": "direction", "name": "Paul Lefèvre"},
            {"role": "staff_representative", "name": "Nadia Haddad"},
            {"role": "employee", "name": "Julie Marie"},
        ],
        "project": {
            "motivation": {
                "difficulties": "Absentéisme de 12 %.",
                "collaboration": "Déjà en réseau avec deux EHPAD voisins.",
                "attractiveness": "Postes d'aides-soignants vacants.",
                "commitment": "La direction et le CSE s'engagent sur toute l'année.",
            }
        },
        "actions": [],
        "attachments": [
            {"kind": kind, "file": f"{kind}.pdf"}
            for kind in ("identification_sheet", "motivation_letter", "cse_opinion")
        ],
    }
    dossier.update(changes)
    return copy.deepcopy(dossier)
