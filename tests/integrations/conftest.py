"""A CLACT call that declares its DS démarche, and 50 DS dossiers of 50 establishments of the référentiel."""

import copy
import datetime as dt

import pytest
from django.utils import timezone

from calls.models import Call
from calls.services import calls_load
from tests.calls.factories import shipped_definition_data, write_definition
from tests.dossiers.files import PDF
from tests.referential.factories import EstablishmentFactory

from .fake_ds import FakeDs

DEMARCHE = 4242
CODE = "clact-grand-est-2024"
MAPPING = {
    "demarche": DEMARCHE,
    "fields": {
        "establishment.contact_name": "Nom du contact",
        "establishment.email": "Courriel du contact",
        "establishment.headcount": "Effectif total",
        "establishment.fte_medical": "ETP médicaux",
        "project.scope": "Périmètre",
        "project.diagnostic": "Diagnostic",
        "project.objectives": "Objectifs",
        "project.schedule": "Calendrier",
        "project.follow_up": "Suivi",
    },
    "actions": {
        "block": "Actions",
        "fields": {
            "title": "Intitulé",
            "axis": "Axe",
            "theme": "Thème",
            "catalog_item": "Action du catalogue",
            "description": "Description",
            "start": "Début",
            "end": "Fin",
            "agents_concerned": "Agents concernés",
            "expense_nature": "Nature de la dépense",
            "cost": "Coût",
            "requested": "Montant demandé",
            "own_funding": "Autofinancement",
        },
        "quote": "Devis",
    },
    "attachments": {"duerp": "DUERP", "rib": "RIB"},
}


@pytest.fixture
def ds_call(db, tmp_path) -> Call:
    return ds_call_in(tmp_path)


def ds_call_in(tmp_path) -> Call:
    """The CLACT call, open, declaring the DS démarche and its mapping."""
    data = copy.deepcopy(shipped_definition_data(CODE))
    data["calendar"]["deadline"] = (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0).isoformat()
    data["calendar"]["opens_at"] = None
    data["demarches_simplifiees"] = MAPPING
    (tmp_path / "ds").mkdir()
    calls_load(paths=[write_definition(tmp_path / "ds", data)])
    return Call.objects.get(code=CODE)


def _text(number: int, n: int, label: str, value, typename: str = "TextChamp") -> dict:
    return {
        "__typename": typename,
        "id": f"c{number}-{n}",
        "champDescriptorId": f"d-{label}",
        "label": label,
        "stringValue": None if value is None else str(value),
    }


def _files(number: int, n: int, label: str, *files: tuple[str, str]) -> dict:
    champ = _text(number, n, label, None, "PieceJustificativeChamp")
    champ["files"] = [
        {
            "filename": name,
            "url": f"https://fichiers.ds.invalid/{number}/{name}",
            "checksum": f"sum-{number}-{name}",
            "byteSizeBigInt": str(len(PDF)),
            "contentType": "application/pdf",
            "virusScanResult": scan,
        }
        for name, scan in files
    ]
    return champ


def ds_node(number: int, siret: str, *, headcount="950", rib_scan: str = "safe") -> dict:
    row_champs = [
        _text(number, 100 + i, label, value)
        for i, (label, value) in enumerate(
            {
                "Intitulé": "Deux lève-personnes motorisés",
                "Axe": "1",
                "Thème": "tms",
                "Action du catalogue": "leve_personne",
                "Description": "Équiper l'unité de SSR.",
                "Début": "2024-11-01",
                "Fin": "2025-06-30",
                "Agents concernés": "80",
                "Nature de la dépense": "equipment",
                "Coût": "24 000,00",
                "Montant demandé": "12 000",
                "Autofinancement": "12000",
            }.items()
        )
    ] + [_files(number, 199, "Devis", ("devis.pdf", "safe"))]
    actions = _text(number, 50, "Actions", None, "RepetitionChamp")
    actions["rows"] = [{"id": f"r{number}", "champs": row_champs}]
    champs = [
        _text(number, i, label, value)
        for i, (label, value) in enumerate(
            {
                "Nom du contact": "Claire Martin",
                "Courriel du contact": "claire.martin@example.org",
                "Effectif total": headcount,
                "ETP médicaux": "62,5",
                "Périmètre": "Pôle gériatrie et SSR",
                "Diagnostic": "DUERP 2024",
                "Objectifs": "Réduire les accidents de manutention",
                "Calendrier": "Achats en novembre",
                "Suivi": "Comité trimestriel",
            }.items()
        )
    ]
    champs += [
        actions,
        _files(number, 60, "DUERP", ("duerp.pdf", "safe")),
        _files(number, 61, "RIB", ("rib.pdf", rib_scan)),
    ]
    return {
        "__typename": "Dossier",
        "id": f"RG9zc2llci0{number}",
        "number": number,
        "state": "en_construction",
        "dateDepot": "2026-02-15T09:00:00+01:00",
        "dateDerniereModification": f"2026-03-01T10:{number % 60:02d}:00+01:00",
        "dateTraitement": None,
        "motivation": None,
        "demandeur": {"__typename": "PersonneMorale", "siret": siret, "entreprise": {"raisonSociale": "CH"}},
        "champs": champs,
    }


@pytest.fixture
def fake_ds(db) -> FakeDs:
    """50 DS dossiers, each of its own establishment of the Grand Est référentiel, files served."""
    fake = FakeDs(demarche=DEMARCHE)
    for number in range(1, 51):
        establishment = EstablishmentFactory(department_code=("67", "68", "57", "54", "88")[number % 5])
        node = ds_node(number, establishment.siret)
        fake.dossiers.append(node)
        for champ in [*node["champs"], *node["champs"][9]["rows"][0]["champs"]]:
            for item in champ.get("files") or []:
                fake.files[item["url"]] = PDF
    return fake
