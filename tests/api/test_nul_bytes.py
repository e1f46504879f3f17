"""A NUL character (0x00) never reaches the database: PostgreSQL refuses it in text with a server error.

The API refuses it in a filter, a JSON body or a form field with its French 422; an address holding one names
nothing (404). The site's pages: tests/qvct/test_nulchars.py.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.mark.parametrize("name", ["call", "finess", "cursor", "status"])
def test_a_nul_character_in_a_list_filter_is_refused_in_french(api_client, porteur, filed, name):
    response = api_client(porteur).get("/dossiers", **{name: f"CLACT{NUL}"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "donnees_invalides"
    assert body["details"] == [{"champ": f"query.{name}", "erreur": "caractère nul (0x00) refusé"}]


def test_a_nul_character_in_a_parameter_name_is_refused(api_client, porteur, filed):
    response = api_client(porteur).get("/dossiers", **{f"call{NUL}": "x"})

    assert response.status_code == 422


def test_a_nul_character_in_a_json_body_is_refused_and_changes_nothing(api_client, porteur, filed):
    client = api_client(porteur)
    before = client.get(f"/dossiers/{filed.reference}").json()

    response = client.patch(f"/dossiers/{filed.reference}", {"contact_name": f"Jeanne{NUL}Martin"})

    assert response.status_code == 422
    assert response.json()["details"] == [
        {"champ": "body.contact_name", "erreur": "caractère nul (0x00) refusé"}
    ]
    assert client.get(f"/dossiers/{filed.reference}").json() == before


def test_a_nul_character_in_a_nested_json_body_names_its_place(api_client, porteur, filed):
    response = api_client(porteur).post("/dossiers", {"call": "CLACT", "finess": ["57", {"x": f"a{NUL}"}]})

    assert response.status_code == 422
    assert response.json()["details"] == [
        {"champ": "body.finess.1.x", "erreur": "caractère nul (0x00) refusé"}
    ]


def test_the_text_backslash_u0000_is_no_nul_character(api_client, porteur, filed):
    """« \\u0000 » written as six characters is read as any other text: here a call that does not exist."""
    response = api_client(porteur).post("/dossiers", {"call": "\\u0000", "finess": "570000000"})

    assert response.status_code == 404


def test_a_nul_character_in_an_upload_field_is_refused(api_client, porteur, dossier):
    response = api_client(porteur).upload(f"/dossiers/{dossier.reference}/documents", {"kind": f"rib{NUL}"})

    assert response.status_code == 422
    assert response.json()["details"] == [{"champ": "form.kind", "erreur": "caractère nul (0x00) refusé"}]


@pytest.mark.parametrize("path", ["/calls/CLACT{nul}", "/dossiers/X{nul}", "/dossiers/X{nul}/check"])
def test_a_nul_character_in_an_api_address_names_nothing(api_client, porteur, filed, path):
    response = api_client(porteur).get(path.format(nul=NUL))

    assert response.status_code == 404
    assert response.json()["code"] == "introuvable"


def test_an_address_the_api_does_not_know_answers_its_french_json(api_client, porteur):
    response = api_client(porteur).get("/nulle-part")

    assert response.status_code == 404
    assert response.json()["message"] == "Cet objet n'existe pas ou vous n'y avez pas accès."


def test_a_nul_character_in_an_uploaded_file_name_is_dropped_by_the_upload(api_client, porteur, dossier):
    upload = SimpleUploadedFile(f"rib{NUL}.pdf", b"%PDF-1.4 essai", content_type="application/pdf")
    response = api_client(porteur).upload(
        f"/dossiers/{dossier.reference}/documents", {"kind": "rib", "file": upload}
    )

    assert response.status_code == 201
    assert response.json()["file"] == "rib.pdf"
