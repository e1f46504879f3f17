"""Each demo account logs in through the login page and lands on the page made for its role."""

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

HEADINGS = {
    "porteur@example.org": "Mon espace établissement",
    "porteur-normandie@example.org": "Mon espace établissement",
    "instructeur@example.org": "Instruction des dossiers",
    "gestionnaire@example.org": "Mes campagnes",
    "comite@example.org": "Comité de sélection",
    "aract@example.org": "Accompagnement collectif",
    "lecteur@example.org": "Statistiques",
    "admin@example.org": "Administration",
}


def test_every_demo_account_lands_on_its_role_page(page, demo):
    assert {account.email for account in DEMO_ACCOUNTS} == set(HEADINGS)
    for account in DEMO_ACCOUNTS:
        login(page, account.email, DEMO_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[account.email])
        expect(page.locator("header.fr-header")).to_contain_text(account.role.label)
        assert_accessible(page)
        page.get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def test_the_porteur_sees_their_hospital_and_the_calls_of_its_territory(page, demo):
    login(page, "porteur@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("link", name="CLACT-44-2024-0001")).to_be_visible()
    expect(page.get_by_role("cell", name="CENTRE HOSPITALIER DE SELESTAT").first).to_be_visible()
    expect(page.get_by_role("link", name="CLACT Grand Est (démonstration)")).to_be_visible()
    expect(page.get_by_role("link", name="Accompagnement QVCT Normandie 2024")).to_have_count(0)
    page.get_by_role("link", name="CLACT-44-2024-0001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier CLACT-44-2024-0001")
    assert_accessible(page)


def test_a_wrong_password_shows_a_clear_message(page, demo):
    login(page, "porteur@example.org", "pas-le-bon")
    expect(page.get_by_text("Adresse électronique ou mot de passe incorrect")).to_be_visible()
    assert_accessible(page)
