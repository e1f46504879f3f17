"""The porteur's dossier pages: access, autosave, refusals, exports and query counts."""

import html
import json
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse

from accounts.enums import Role
from dossiers import services
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_action, complete_clact
from tests.dossiers.files import PDF, pdf_upload
from tests.helpers import count_queries
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/schemas/qvct.dossier-1.schema.json").read_text()
)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def dossier_urls(dossier) -> list[str]:
    ref = dossier.reference
    action = dossier.actions.first()
    document = dossier.documents.first()
    urls = [
        dossier.get_absolute_url(),
        reverse("dossiers:section", args=[ref, "identification"]),
        reverse("dossiers:section", args=[ref, "projet"]),
        reverse("dossiers:section", args=[ref, "actions"]),
        reverse("dossiers:section", args=[ref, "pieces"]),
        reverse("dossiers:confirm", args=[ref]),
        reverse("dossiers:export_pdf", args=[ref]),
        reverse("dossiers:export_json", args=[ref]),
        reverse("dossiers:receipt", args=[ref]),
        reverse("dossiers:withdraw", args=[ref]),
    ]
    if action:
        urls.append(reverse("dossiers:action", args=[ref, action.pk]))
    if document:
        urls.append(reverse("dossiers:document", args=[ref, document.pk]))
    return urls


@pytest.fixture
def filed(dossier, porteur):
    complete_clact(dossier, porteur, actions=2)
    return services.dossier_submit(dossier=dossier, user=porteur)[0]


def test_the_porteur_reaches_every_page_of_their_dossier(client, filed, porteur):
    client.force_login(porteur)
    for url in dossier_urls(filed):
        response = client.get(url)
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
            response.close()


def test_a_user_of_another_establishment_gets_404_everywhere(client, filed):
    client.force_login(UserFactory(establishment=EstablishmentFactory()))
    for url in dossier_urls(filed):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("dossiers:confirm", args=[filed.reference])).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.INSTRUCTOR, Role.MANAGER, Role.COMMITTEE, Role.ARACT, Role.VIEWER, Role.ADMIN]
)
def test_agents_are_refused_the_porteur_pages(client, filed, role):
    client.force_login(UserFactory(role=role))
    assert client.get(filed.get_absolute_url()).status_code == 403


def test_anonymous_users_are_sent_to_login(client, filed):
    response = client.get(filed.get_absolute_url())
    assert response["Location"].startswith(reverse("accounts:login"))


def test_autosave_keeps_valid_fields_and_explains_the_others(client, dossier, porteur):
    client.force_login(porteur)
    url = reverse("dossiers:section", args=[dossier.reference, "identification"])
    response = client.post(url, {"headcount": "950", "absenteeism_rate": "cent"}, HTTP_HX_REQUEST="true")
    text = text_of(response)
    assert "Enregistré à" in text and "Taux d'absentéisme" in text
    dossier.refresh_from_db()
    assert dossier.headcount == 950
    assert dossier.absenteeism_rate is None


def test_leaving_and_coming_back_loses_nothing(client, dossier, porteur):
    client.force_login(porteur)
    url = reverse("dossiers:section", args=[dossier.reference, "projet"])
    client.post(url, {"diagnostic": "DUERP 2024"}, HTTP_HX_REQUEST="true")
    assert "DUERP 2024" in text_of(client.get(url))


def test_a_sixth_action_is_refused_with_a_french_message(client, dossier, porteur):
    for _ in range(5):
        complete_action(dossier, porteur)
    client.force_login(porteur)
    response = client.post(reverse("dossiers:action_add", args=[dossier.reference]), follow=True)
    assert "L'appel autorise 5 actions au plus" in text_of(response)
    assert dossier.actions.count() == 5


def test_a_fake_pdf_is_refused_with_a_french_message(client, dossier, porteur):
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:document_upload", args=[dossier.reference]),
        {"kind": "rib", "file": pdf_upload("rib.pdf", b"<html>pas un pdf</html>")},
        follow=True,
    )
    assert "n'est pas d'un type accepté (PDF, ODT, ODS, DOCX, XLSX, JPEG ou PNG)" in text_of(response)
    assert dossier.documents.count() == 0


def test_a_file_over_the_limit_is_refused_with_a_french_message(client, dossier, porteur, settings):
    settings.QVCT_UPLOAD_MAX_BYTES = 1000
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:document_upload", args=[dossier.reference]),
        {"kind": "rib", "file": pdf_upload("rib.pdf", PDF + b"0" * 2000)},
        follow=True,
    )
    assert "la limite est de" in text_of(response)


def test_submitting_after_the_deadline_is_refused_with_the_deadline(client, dossier, porteur):
    complete_clact(dossier, porteur)
    Dossier.objects.filter(pk=dossier.pk)
    call = dossier.call
    call.deadline = call.deadline.replace(year=2024)
    call.save()
    client.force_login(porteur)
    response = client.post(reverse("dossiers:confirm", args=[dossier.reference]), follow=True)
    assert "La date limite de dépôt était le" in text_of(response)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_submitting_with_a_missing_document_is_refused_and_says_which(client, dossier, porteur):
    complete_clact(
        dossier,
        porteur,
        attachments=["signed_contract", "cse_opinion", "duerp", "prevention_plan", "summary_sheet"],
    )
    client.force_login(porteur)
    response = client.post(reverse("dossiers:confirm", args=[dossier.reference]), follow=True)
    text = text_of(response)
    assert "Le dossier est incomplet" in text and "RIB à jour" in text
    assert reverse("dossiers:section", args=[dossier.reference, "pieces"]) in text


def test_the_confirmation_page_files_the_dossier_and_offers_the_receipt(client, dossier, porteur):
    complete_clact(dossier, porteur)
    client.force_login(porteur)
    response = client.post(reverse("dossiers:confirm", args=[dossier.reference]), follow=True)
    assert "Votre dossier est déposé" in text_of(response)
    receipt = client.get(reverse("dossiers:receipt", args=[dossier.reference]))
    assert receipt["Content-Type"] == "application/pdf" and receipt.content.startswith(b"%PDF")


def test_the_json_export_is_valid_and_carries_what_was_entered(client, filed, porteur):
    client.force_login(porteur)
    data = json.loads(client.get(reverse("dossiers:export_json", args=[filed.reference])).content)
    jsonschema.validate(data, SCHEMA)
    assert data["campaign"] == "clact-grand-est-2024"
    assert data["establishment"]["headcount"] == 950
    assert data["establishment"]["absenteeism_rate"] == 9.4
    assert data["project"]["diagnostic"] == "DUERP 2024 et enquête auprès des agents"
    first = data["actions"][0]
    assert (first["theme"], first["catalog_item"], first["cost"], first["requested"]) == (
        "tms",
        "leve_personne",
        24000.0,
        12000.0,
    )
    assert first["indicators"] == [
        {"name": "AT liés aux manutentions", "unit": "AT/an", "baseline": "14", "target": "7"}
    ]
    assert first["quotes"][0]["file"] == "devis.pdf"
    assert {a["kind"] for a in data["attachments"]} == {
        "signed_contract",
        "cse_opinion",
        "duerp",
        "prevention_plan",
        "rib",
        "summary_sheet",
    }


def test_the_json_export_of_the_demo_dossiers_is_valid(demo):
    from dossiers.interchange import dossier_to_data
    from dossiers.selectors import dossier_queryset

    for dossier in dossier_queryset():
        jsonschema.validate(dossier_to_data(dossier), SCHEMA)


def test_the_json_export_goes_back_through_qvct_check(client, filed, porteur, tmp_path, capsys):
    from eligibility.cli import main

    client.force_login(porteur)
    path = tmp_path / "export.json"
    path.write_bytes(client.get(reverse("dossiers:export_json", args=[filed.reference])).content)
    assert main([str(path)]) == 0
    # The shipped CLACT 2024 closed on 10 May 2024; the test filed today on an open copy of it.
    result = json.loads(capsys.readouterr().out)
    assert [finding["code"] for finding in result["findings"]] == ["DEADLINE_PASSED"]
    assert result["actions"] == [{"index": n, "eligible": True, "fundable": 12000.0} for n in (1, 2)]


def test_the_dossier_page_queries_stay_flat_with_5_actions_and_20_documents(client, dossier, porteur):
    complete_clact(dossier, porteur, actions=1)
    client.force_login(porteur)
    url = dossier.get_absolute_url()
    before, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    for _ in range(4):
        complete_action(dossier, porteur)
    for n in range(20 - dossier.documents.count()):
        services.document_add(
            dossier=dossier, user=porteur, kind="other", upload=pdf_upload(f"annexe-{n}.pdf")
        )
    assert dossier.actions.count() == 5 and dossier.documents.count() == 20
    after, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    assert after == before


def test_withdrawal_from_the_page(client, dossier, porteur):
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:withdraw", args=[dossier.reference]), {"reason": "Projet reporté"}, follow=True
    )
    assert "Votre désistement est enregistré" in text_of(response)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    assert not dossier.can_withdraw
    assert reverse("dossiers:withdraw", args=[dossier.reference]) not in text_of(response)


def test_starting_from_the_workspace_opens_the_dossier_and_a_second_start_leads_to_it(client, clact, porteur):
    client.force_login(porteur)
    establishment = porteur.establishments.get()
    url = reverse("dossiers:start", args=[clact.code])
    first = client.post(url, {"establishment": establishment.pk})
    second = client.post(url, {"establishment": establishment.pk}, follow=True)
    assert first["Location"] == Dossier.objects.get().get_absolute_url()
    assert "a déjà un dossier pour cet appel" in text_of(second)
    assert Dossier.objects.count() == 1


def test_the_action_page_renders_for_a_draft_and_for_a_filed_dossier(client, dossier, porteur):
    action = complete_action(dossier, porteur)
    client.force_login(porteur)
    url = reverse("dossiers:action", args=[dossier.reference, action.pk])
    text = text_of(client.get(url))
    assert (
        "Action mutualisée avec d'autres établissements" in text and "Plan de financement de l'action" in text
    )
    complete_clact(dossier, porteur, actions=0)
    services.dossier_submit(dossier=dossier, user=porteur)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("section", ["identification", "projet", "partenaires", "actions", "pieces"])
def test_every_clact_section_renders(client, dossier, porteur, section):
    client.force_login(porteur)
    assert client.get(reverse("dossiers:section", args=[dossier.reference, section])).status_code == 200


@pytest.mark.parametrize("section", ["identification", "trinome", "motivation", "pieces"])
def test_every_normandie_section_renders(client, normandie, porteur, section):
    ehpad = EstablishmentFactory(normandie=True, ehpad=True)
    porteur.establishments.add(ehpad)
    dossier = services.dossier_start(call=normandie, establishment=ehpad, user=porteur)[0]
    client.force_login(porteur)
    assert client.get(reverse("dossiers:section", args=[dossier.reference, section])).status_code == 200


def test_saving_an_action_twice_keeps_its_indicators_and_funders(client, dossier, porteur):
    """An explicit save after an autosave posts the same rows: they must not be taken for empty extra rows."""
    action = complete_action(dossier, porteur)
    client.force_login(porteur)
    url = reverse("dossiers:action", args=[dossier.reference, action.pk])
    data = {
        "title": "Lève-personnes",
        "theme": "tms",
        "catalog_item": "leve_personne",
        "description": "Achat",
        "motivation": "AT",
        "start": "2024-11-01",
        "end": "2025-06-30",
        "agents_concerned": "80",
        "expense_nature": "equipment",
        "cost": "24000",
        "requested": "11000",
        "own_funding": "12000",
        "financeurs-TOTAL_FORMS": "2",
        "financeurs-INITIAL_FORMS": "0",
        "financeurs-0-funder": "Région",
        "financeurs-0-amount": "1000",
        "indicateurs-TOTAL_FORMS": "2",
        "indicateurs-INITIAL_FORMS": "0",
        "indicateurs-0-name": "AT",
        "indicateurs-0-unit": "AT/an",
        "indicateurs-0-baseline": "14",
        "indicateurs-0-target": "7",
    }
    client.post(url, data, HTTP_HX_REQUEST="true")
    client.post(url, data)
    assert list(action.indicators.values_list("name", "target")) == [("AT", "7")]
    assert list(action.other_funding.values_list("funder", "amount")) == [("Région", 1000)]


def test_action_dates_out_of_any_sense_are_refused_and_not_saved(client, dossier, porteur):
    action = complete_action(dossier, porteur)
    before = (action.start, action.end)
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:action", args=[dossier.reference, action.pk]),
        {"start": "0001-01-01", "end": "9999-12-31"},
        HTTP_HX_REQUEST="true",
    )
    assert text_of(response).count("Indiquez une date comprise entre le") == 2
    action.refresh_from_db()
    assert (action.start, action.end) == before


def test_a_section_shows_its_findings_and_refreshes_them_on_save(client, normandie, porteur):
    ehpad = EstablishmentFactory(normandie=True, ehpad=True)
    porteur.establishments.add(ehpad)
    dossier = services.dossier_start(call=normandie, establishment=ehpad, user=porteur)[0]
    client.force_login(porteur)
    url = reverse("dossiers:section", args=[dossier.reference, "trinome"])
    shown = text_of(client.get(url))
    assert "Trinôme incomplet" in shown and "TRINOME_INCOMPLETE" not in shown
    response = client.post(
        url,
        {"direction_name": "Paul", "staff_representative_name": "Nadia", "employee_name": "Julie"},
        HTTP_HX_REQUEST="true",
    )
    text = text_of(response)
    assert 'id="constats-section" hx-swap-oob="true"' in text
    assert "TRINOME_INCOMPLETE" not in text and "Trinôme incomplet" not in text


def test_an_upload_to_a_dossier_filed_meanwhile_is_refused_with_a_french_message(client, filed, porteur):
    before = filed.documents.count()
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:document_upload", args=[filed.reference]),
        {"kind": "rib", "file": pdf_upload("rib.pdf")},
        follow=True,
    )
    assert response.status_code == 200
    assert "Ce dossier ne peut plus recevoir de pièces" in text_of(response)
    assert filed.documents.count() == before


def test_a_message_with_an_empty_attachment_says_the_attachment_is_empty(client, filed, porteur):
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:messages", args=[filed.reference]),
        {"body": "Voici l'avis du CSE.", "attachment": pdf_upload("avis.pdf", b"")},
    )
    text = text_of(response)
    assert "Le fichier « avis.pdf » est vide" in text and "Écrivez votre message" not in text
    assert not filed.messages.exists()
