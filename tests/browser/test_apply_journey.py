"""A porteur applies from first draft to dated receipt, for CLACT and for the Normandie accompaniment."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.models import Dossier
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.calls.factories import open_call
from tests.dossiers.files import PDF
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def save_section(page, fields: dict[str, str]) -> None:
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer et revenir au dossier").click()
    expect(page.get_by_text("enregistrée.")).to_be_visible()


def add_action(page, title: str, theme: str, item: str, cost: str, requested: str) -> None:
    page.get_by_role("link", name="Actions et plan de financement").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter une action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle action")
    page.get_by_label("Intitulé de l'action").fill(title)
    page.get_by_label("Thématique (axe → thématique)").select_option(theme)
    motivation = page.get_by_label("Motivation")
    page.get_by_label("Action du catalogue").select_option("aide_technique_sante_mentale")
    expect(motivation).to_be_hidden()
    page.get_by_label("Action du catalogue").select_option(item)
    expect(motivation).to_be_visible()
    page.get_by_label("Description").fill(f"{title} : achat et formation des équipes.")
    page.get_by_label("Motivation").fill("14 accidents de manutention en 2023, 80 agents exposés.")
    page.get_by_label("Début prévu").fill("2024-11-01")
    page.get_by_label("Fin prévue").fill("2025-06-30")
    page.get_by_label("Nombre d'agents concernés").fill("80")
    page.get_by_label("Nature de la dépense").select_option("equipment")
    page.get_by_label("Coût total (€)").fill(cost)
    page.get_by_label("Demande ARS (€)").fill(requested)
    page.get_by_label("Financement propre (€)").fill(str(int(cost) - int(requested)))
    page.locator("#id_indicateurs-0-name").fill("Accidents de manutention")
    page.locator("#id_indicateurs-0-unit").fill("AT/an")
    page.locator("#id_indicateurs-0-baseline").fill("14")
    page.locator("#id_indicateurs-0-target").fill("7")
    assert_accessible(page)
    # The quote comes with the new action: adding it saves the action, which then shows its totals.
    page.locator("input[type=file][name=devis-file]").set_input_files(pdf(f"devis-{title}.pdf"))
    page.get_by_label("Fournisseur").fill("Fournisseur médical")
    page.get_by_role("button", name="Ajouter le devis").click()
    expect(page.get_by_text("ajouté.")).to_be_visible()
    expect(page.locator("#totaux")).to_contain_text(re.compile(rf"pour un coût de {cost[:-3]}\s000"))
    expect(page.locator("#totaux")).to_contain_text("équilibré")
    # The live totals follow what is typed (and tell that the autosave went through).
    page.get_by_label("Demande ARS (€)").fill(str(int(requested) - 1))
    page.get_by_label("Demande ARS (€)").blur()
    expect(page.locator("#totaux")).to_contain_text("écart de", timeout=15_000)
    page.get_by_label("Demande ARS (€)").fill(requested)
    page.get_by_label("Demande ARS (€)").blur()
    expect(page.locator("#totaux")).to_contain_text("équilibré")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_text("enregistrée.")).to_be_visible()
    page.get_by_role("link", name="Revenir au dossier").click()


def upload_documents(page, kinds: list[str]) -> None:
    page.get_by_role("link", name="Pièces à joindre").first.click()
    assert_accessible(page)
    for kind in kinds:
        page.get_by_label("Nature de la pièce").select_option(kind)
        page.locator("input[type=file][name=file]").set_input_files(pdf(f"{kind}.pdf"))
        page.get_by_role("button", name="Ajouter la pièce").click()
        expect(page.get_by_text(f"Pièce « {kind}.pdf » ajoutée.")).to_be_visible()
    page.get_by_role("link", name="Revenir au dossier").click()


def file_and_download_receipt(page, tmp_path) -> None:
    page.get_by_role("link", name="Vérifier et déposer").click()
    expect(page.get_by_text("Le dossier est complet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Déposer le dossier").click()
    expect(page.get_by_text("Votre dossier est déposé.")).to_be_visible()
    expect(page.get_by_text("Déposé", exact=True).first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Accusé de réception (PDF)").click()
    path = tmp_path / "accuse.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")


def test_a_porteur_fills_and_files_a_clact_dossier(page, tmp_path):
    open_call(tmp_path / "appel", code="clact-grand-est-2024")
    hospital = EstablishmentFactory(finess="670000272", name="CENTRE HOSPITALIER DE SELESTAT")
    partner = EstablishmentFactory(department_code="67", ehpad=True)
    user = UserFactory(email="porteur@example.org", establishment=hospital)
    login(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace établissement")
    assert_accessible(page)
    page.get_by_role("button", name="Candidater pour CENTRE HOSPITALIER DE SELESTAT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Dossier CLACT-44-2024-\d{4}"))
    assert_accessible(page)

    page.get_by_role("link", name="Identification de l'établissement").click()
    save_section(
        page,
        {
            "Effectif total du personnel": "950",
            "ETP personnel médical": "62,5".replace(",", "."),
            "ETP personnel non médical": "801",
            "Nombre de lits et places": "410",
            "Taux d'absentéisme (%)": "9.4",
            "Taux de turn-over (%)": "11.2",
        },
    )
    page.get_by_role("link", name="Présentation du projet").click()
    save_section(
        page,
        {
            "Nature des pôles": "Pôle gériatrie et SSR",
            "Présentation du projet": "DUERP 2024 et enquête auprès des agents",
            "Objectifs poursuivis": "Réduire de moitié les accidents de manutention",
            "Calendrier et modalités": "Achats fin 2024, formations début 2025",
            "Modalités de suivi": "Comité trimestriel avec le CSE",
        },
    )
    page.get_by_role("link", name="Établissements partenaires").click()
    save_section(page, {"Numéros FINESS des établissements partenaires": partner.finess})
    add_action(page, "Lève-personnes", "tms", "leve_personne", "24000", "12000")
    add_action(page, "Verticalisateur", "tms", "verticalisateur", "8000", "4000")
    upload_documents(
        page, ["signed_contract", "cse_opinion", "duerp", "prevention_plan", "rib", "summary_sheet"]
    )
    file_and_download_receipt(page, tmp_path)
    dossier = Dossier.objects.get()
    assert dossier.actions.count() == 2 and dossier.status == "submitted"
    assert list(dossier.partners.values_list("establishment__finess", flat=True)) == [partner.finess]


def test_a_porteur_fills_and_files_a_normandie_candidacy(page, tmp_path):
    open_call(tmp_path / "appel", code="aac-normandie-2024")
    ehpad = EstablishmentFactory(normandie=True, ehpad=True, name="EHPAD LES TILLEULS")
    user = UserFactory(email="porteur-normandie@example.org", establishment=ehpad)
    login(page, user.email, PASSWORD)
    page.get_by_role("button", name="Candidater pour EHPAD LES TILLEULS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Dossier AAC-28-2024-\d{4}"))
    assert_accessible(page)
    page.get_by_role("link", name="Identification de l'établissement").click()
    save_section(page, {"Effectif total du personnel": "85"})
    page.get_by_role("link", name="Trinôme", exact=True).click()
    save_section(
        page,
        {
            "Direction : nom et fonction": "Paul Lefèvre, directeur",
            "Représentant·e du personnel (IRP) : nom": "Nadia Haddad",
            "Salarié·e ou agent : nom et fonction": "Julie Marie, aide-soignante",
        },
    )
    page.get_by_role("link", name="Motivation").click()
    save_section(
        page,
        {
            "Démarche construite en lien avec les difficultés": "Absentéisme de 12 %.",
            "Capacité à collaborer efficacement": "Déjà en réseau avec deux EHPAD voisins.",
            "Compréhension des enjeux spécifiques liés à l'attractivité": "Accueil des nouveaux arrivants.",
            "Engagement à participer activement": "Direction et CSE engagés pour l'année.",
        },
    )
    upload_documents(page, ["identification_sheet", "motivation_letter", "cse_opinion"])
    file_and_download_receipt(page, tmp_path)
