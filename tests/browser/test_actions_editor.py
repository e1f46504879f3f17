"""The whole actions editor in a browser: a form that creates nothing until saved, the catalog filtered by
theme, the call's maximum explained, and a removal that asks first — each page checked with axe."""

import pytest
from playwright.sync_api import expect

from dossiers.services import dossier_start
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.calls.factories import open_call
from tests.dossiers.builders import complete_action
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def catalog_values(page) -> list[str]:
    return page.locator("#id_catalog_item option").evaluate_all("options => options.map(o => o.value)")


def test_the_actions_editor_from_blank_form_to_confirmed_removal(page, tmp_path):
    call = open_call(tmp_path / "appel", code="clact-grand-est-2024")
    hospital = EstablishmentFactory(finess="670000272", name="CENTRE HOSPITALIER DE SELESTAT")
    user = UserFactory(email="porteur@example.org", establishment=hospital)
    dossier = dossier_start(call=call, establishment=hospital, user=user)[0]
    for _ in range(4):
        complete_action(dossier, user)
    login(page, user.email, PASSWORD)
    page.goto(f"/dossiers/{dossier.reference}/actions/")
    expect(page.get_by_role("table")).to_contain_text("4 sur 5")
    assert_accessible(page)

    # Opening the form creates nothing: leaving it leaves the dossier as it was.
    page.get_by_role("link", name="Ajouter une action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle action")
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("table")).to_contain_text("4 sur 5")
    assert dossier.actions.count() == 4

    # The catalog lists only the chosen theme's actions.
    page.get_by_role("link", name="Ajouter une action").click()
    page.get_by_label("Thématique (axe → thématique)").select_option("rps")
    assert catalog_values(page) == [
        "",
        "rps_prevention_primaire",
        "rps_prevention_secondaire_tertiaire",
        "rps_groupes_de_parole",
    ]
    page.get_by_label("Action du catalogue").select_option("rps_groupes_de_parole")
    page.get_by_label("Thématique (axe → thématique)").select_option("tms")
    values = catalog_values(page)
    assert "leve_personne" in values and "rps_groupes_de_parole" not in values
    expect(page.get_by_label("Action du catalogue")).to_have_value("")
    page.get_by_label("Action du catalogue").select_option("leve_personne")
    expect(page.get_by_label("Motivation")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Intitulé de l'action").fill("Lève-personnes du SSR")
    page.get_by_label("Description").fill("Deux lève-personnes motorisés.")
    page.get_by_label("Motivation").fill("14 accidents de manutention en 2023.")
    page.get_by_label("Début prévu").fill("2024-11-01")
    page.get_by_label("Fin prévue").fill("2025-06-30")
    page.get_by_label("Nombre d'agents concernés").fill("80")
    page.get_by_label("Nature de la dépense").select_option("equipment")
    page.get_by_label("Coût total (€)").fill("24 000 €")
    page.get_by_label("Demande ARS (€)").fill("12 000")
    page.get_by_label("Financement propre (€)").fill("12 000,00")
    page.locator("#id_indicateurs-0-name").fill("Accidents de manutention")
    assert dossier.actions.count() == 4
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_text("Action « Lève-personnes du SSR » enregistrée.")).to_be_visible()

    # At 5 / 5 the add button gives way to the reason.
    expect(page.get_by_role("table")).to_contain_text("5 sur 5")
    expect(page.get_by_role("link", name="Ajouter une action")).to_have_count(0)
    expect(page.get_by_text("L'appel autorise 5 actions au plus : le dossier en compte 5")).to_be_visible()
    assert_accessible(page)

    # Removing asks first; cancelling keeps the action.
    page.get_by_role("link", name="Supprimer l'action 5").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer l'action 5 ?")
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("table")).to_contain_text("5 sur 5")
    page.get_by_role("link", name="Supprimer l'action 5").click()
    page.get_by_role("button", name="Supprimer l'action").click()
    expect(page.get_by_text("Action « Lève-personnes du SSR » supprimée.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("4 sur 5")
    expect(page.get_by_role("link", name="Ajouter une action")).to_be_visible()
    assert_accessible(page)
    assert dossier.actions.count() == 4
