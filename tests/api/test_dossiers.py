"""Drafts written, filed and decided through the API go through the dossier services and their history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.enums import DossierStatus, EventKind
from dossiers.interchange import dossier_to_data
from dossiers.models import Dossier
from dossiers.selectors import dossier_queryset
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import IDENTIFICATION, PROJECT, complete_clact
from tests.dossiers.files import pdf_upload
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

ACTION = {
    "title": "Deux lève-personnes motorisés",
    "axis": "1",
    "theme": "tms",
    "catalog_item": "leve_personne",
    "description": "Équiper l'unité de SSR.",
    "motivation": "14 accidents de manutention en 2023.",
    "start": "2024-11-01",
    "end": "2025-06-30",
    "agents_concerned": 80,
    "expense_nature": "equipment",
    "cost": "24000",
    "requested": "12000",
    "own_funding": "12000",
    "indicators": [
        {"name": "Arrêts liés aux manutentions", "unit": "arrêts/an", "baseline": "14", "target": "7"}
    ],
}


def test_a_porteur_opens_fills_and_files_a_draft_through_the_api(api_client, clact, porteur, dossier):
    client = api_client(porteur)
    finess = porteur.establishments.get().finess
    opened = client.post("/dossiers", {"call": clact.code, "finess": finess})
    assert opened.status_code == 200  # the draft of the fixture: opening twice gives it back
    reference = opened.json()["reference"]
    values = {**IDENTIFICATION, **PROJECT}
    patched = client.patch(f"/dossiers/{reference}", {k: v for k, v in values.items() if v is not None})
    assert patched.status_code == 200, patched.json()
    assert client.post(f"/dossiers/{reference}/actions", ACTION).status_code == 201
    quote = client.upload(
        f"/dossiers/{reference}/documents", {"kind": "quote", "action": 1, "file": pdf_upload()}
    )
    assert quote.status_code == 201, quote.json()
    for attachment in clact.spec.required_attachments:
        sent = client.upload(
            f"/dossiers/{reference}/documents", {"kind": attachment.kind, "file": pdf_upload()}
        )
        assert sent.status_code == 201, sent.json()
    filed = client.post(f"/dossiers/{reference}/submit")
    assert filed.status_code == 200, filed.json()
    assert filed.json()["status"] == DossierStatus.SUBMITTED
    events = Dossier.objects.get(reference=reference).events.filter(transition="submit")
    assert events.get().actor == porteur


def test_a_file_that_is_not_what_it_claims_is_refused_and_not_stored(api_client, porteur, dossier):
    fake = SimpleUploadedFile("lettre.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    answer = api_client(porteur).upload(
        f"/dossiers/{dossier.reference}/documents", {"kind": "other", "file": fake}
    )
    assert answer.status_code == 422 and answer.json()["code"] == "fichier_refuse"
    assert not dossier.documents.exists()


def test_a_new_draft_is_opened_with_201(api_client, clact):
    user = UserFactory(establishment=EstablishmentFactory(department_code="57"))
    answer = api_client(user).post(
        "/dossiers", {"call": clact.code, "finess": user.establishments.get().finess}
    )
    assert answer.status_code == 201
    assert answer.json()["dossier"]["format"] == "qvct.dossier/1"


def test_a_porteur_cannot_open_a_draft_for_an_establishment_it_does_not_belong_to(api_client, clact, porteur):
    stranger = EstablishmentFactory(department_code="57")
    answer = api_client(porteur).post("/dossiers", {"call": clact.code, "finess": stranger.finess})
    assert answer.status_code == 404
    assert not Dossier.objects.filter(establishment=stranger).exists()


def test_an_incomplete_draft_is_refused_with_its_french_reason_and_stays_a_draft(
    api_client, porteur, dossier
):
    answer = api_client(porteur).post(f"/dossiers/{dossier.reference}/submit")
    assert answer.status_code == 409
    assert answer.json()["code"] == "depot_refuse"
    assert answer.json()["message"].startswith("Le dossier est incomplet")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_a_text_over_its_limit_is_refused_and_nothing_is_saved(api_client, porteur, dossier):
    answer = api_client(porteur).patch(
        f"/dossiers/{dossier.reference}", {"scope": "x" * 6000, "contact_name": "Nouveau nom"}
    )
    assert answer.status_code == 422 and answer.json()["code"] == "refuse"
    assert "caractères maximum" in answer.json()["message"]
    dossier.refresh_from_db()
    assert dossier.scope == "" and dossier.contact_name != "Nouveau nom"


def test_a_wrongly_typed_value_gets_422_with_the_field_named(api_client, porteur, dossier):
    answer = api_client(porteur).patch(f"/dossiers/{dossier.reference}", {"headcount": "beaucoup"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "donnees_invalides"
    assert answer.json()["details"][0]["champ"].endswith("headcount")


def test_a_filed_dossier_cannot_be_changed_through_the_api(api_client, porteur, filed):
    answer = api_client(porteur).patch(f"/dossiers/{filed.reference}", {"scope": "Autre périmètre"})
    assert answer.status_code == 422
    filed.refresh_from_db()
    assert filed.scope != "Autre périmètre"


def test_an_agent_cannot_write_a_porteurs_draft(api_client, instructor, filed):
    answer = api_client(instructor).patch(f"/dossiers/{filed.reference}", {"scope": "Autre"})
    assert answer.status_code == 403 and answer.json()["code"] == "role_non_autorise"


def test_an_instructor_decides_admissibility_and_the_porteur_reads_it(api_client, instructor, porteur, filed):
    from review.services import review_start

    review_start(dossier=filed, user=instructor)
    decided = api_client(instructor).post(
        f"/dossiers/{filed.reference}/decision", {"admissible": False, "reason": "Pièce manquante."}
    )
    assert decided.status_code == 200, decided.json()
    own = api_client(porteur).get(f"/dossiers/{filed.reference}/decision").json()
    assert own["admissibility"] == "inadmissible" and own["reason"] == "Pièce manquante."
    event = Dossier.objects.get(pk=filed.pk).events.get(transition="declare_inadmissible")
    assert event.actor == instructor and event.kind == EventKind.TRANSITION


def test_a_porteur_cannot_decide(api_client, porteur, filed):
    answer = api_client(porteur).post(f"/dossiers/{filed.reference}/decision", {"admissible": True})
    assert answer.status_code == 403


def test_a_decision_on_a_draft_is_refused_as_a_state_conflict(api_client, manager, filed, instructor):
    api_client(instructor).post(f"/dossiers/{filed.reference}/decision", {"admissible": True})
    again = api_client(manager).post(f"/dossiers/{filed.reference}/decision", {"admissible": True})
    assert again.status_code == 409 and again.json()["code"] == "etat_incompatible"


def test_the_check_endpoint_runs_the_eligibility_engine_without_saving(api_client, porteur, filed):
    document = dossier_to_data(dossier_queryset().get(pk=filed.pk))
    answer = api_client(porteur).post("/check", document)
    assert answer.status_code == 200
    assert answer.json()["admissible"] is True
    document["actions"] = []
    assert "NO_ACTION" in {f["code"] for f in api_client(porteur).post("/check", document).json()["findings"]}


def test_a_document_that_is_not_a_dossier_is_refused_in_french(api_client, porteur, clact):
    answer = api_client(porteur).post("/check", {"format": "autre"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "format_invalide"


def test_the_cursor_walks_every_dossier_once(api_client, clact, instructor, filed):
    for department in ("57", "68", "88", "54"):
        user = UserFactory(establishment=EstablishmentFactory(department_code=department))
        from dossiers import services

        dossier, _ = services.dossier_start(call=clact, establishment=user.establishments.get(), user=user)
        complete_clact(dossier, user)
        services.dossier_submit(dossier=dossier, user=user)
    client = api_client(instructor)
    seen, cursor = [], None
    while True:
        page = client.get("/dossiers", limit=2, **({"cursor": cursor} if cursor else {})).json()
        seen += [item["reference"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 5 == len(set(seen))


def test_a_forged_cursor_gets_400_in_french(api_client, instructor):
    answer = api_client(instructor).get("/dossiers", cursor="!!pas-un-curseur")
    assert answer.status_code == 400 and answer.json()["code"] == "curseur_invalide"


def test_the_list_filters_on_the_state_and_the_date_of_change(api_client, instructor, filed):
    client = api_client(instructor)
    assert len(client.get("/dossiers", status="submitted").json()["items"]) == 1
    assert client.get("/dossiers", status="admissible").json()["items"] == []
    later = filed.updated_at.replace(year=filed.updated_at.year + 1).isoformat()
    assert client.get("/dossiers", updated_since=later).json()["items"] == []


def test_a_date_of_change_with_a_far_offset_is_read_in_utc(api_client, instructor, filed):
    # PostgreSQL refuses an offset past ±15:59: the filter reaches it in UTC (schemathesis found this one).
    answer = api_client(instructor).get("/dossiers", updated_since="0206-04-07T18:58:41+19:34")
    assert answer.status_code == 200 and len(answer.json()["items"]) == 1
    assert (
        api_client(instructor).get("/dossiers", updated_since="0001-01-01T00:00:00+05:00").status_code == 422
    )


def test_the_openapi_document_is_served_at_a_stable_address(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    document = answer.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/dossiers/{reference}/submit" in document["paths"]
