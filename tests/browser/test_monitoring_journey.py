"""After the convention: the establishment files two invoices and a measurement, the instructor rejects one line
with a reason, the establishment reads it; the board and the history page pass the accessibility check."""

import pytest
from playwright.sync_api import expect

from monitoring.models import SpendingLine
from tests.accounts.factories import UserFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_instruction_journey import _filed, logout, sign_in
from tests.calls.factories import open_call
from tests.dossiers.files import PDF
from tests.monitoring.builders import signed_follow_up
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _invoice(page, day, supplier, amount, name):
    page.get_by_label("Date de la facture").fill(day)
    page.get_by_label("Fournisseur").fill(supplier)
    page.get_by_label("Montant de la facture (€)").fill(amount)
    page.get_by_label("Nature de la dépense").select_option("equipment")
    page.get_by_label("Facture (PDF)").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Ajouter la facture").click()
    expect(page.get_by_role("cell", name=supplier, exact=True)).to_be_visible()


def test_statement_rejection_and_the_establishment_reads_why(page, tmp_path):
    call = open_call(tmp_path, code="clact-grand-est-2024")
    dossier, porteur = _filed(call, EstablishmentFactory(department_code="67", name="CH DE SELESTAT"))
    signed_follow_up(dossier)
    instructor = UserFactory(instructor=True, regions=["44"])

    sign_in(page, porteur.email)
    page.goto(dossier.get_absolute_url())
    page.get_by_role("link", name="Suivi des actions financées").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suivi des actions financées")
    _invoice(page, "2025-02-10", "Ergonomia Est", "4 200,00", "facture-ergonomia.pdf")
    expect(page.locator("#totaux")).to_contain_text("4\u00a0200,00\u00a0€")
    page.get_by_text("Ajouter une facture").click()
    _invoice(page, "2025-03-12", "Formacoop", "1 800,50 €", "facture-formacoop.pdf")
    expect(page.locator("#totaux")).to_contain_text("6\u00a0000,50\u00a0€")
    page.get_by_text("Ajouter une mesure").click()
    page.get_by_label("Date de la mesure").fill("2025-06-30")
    page.get_by_label("Valeur mesurée").fill("9")
    page.get_by_role("button", name="Enregistrer la mesure").click()
    expect(page.locator("td", has_text="9 le 30 juin 2025")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Historique de l'établissement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Historique de l'établissement")
    assert_accessible(page)
    logout(page)

    sign_in(page, instructor.email)
    page.goto(f"/suivi/appel/{call.code}/")
    expect(page.get_by_role("link", name=dossier.reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=dossier.reference).click()
    page.get_by_label("Décision sur la facture Formacoop").select_option("reject")
    page.locator(f"#motif-{SpendingLine.objects.get(supplier='Formacoop').pk}").fill(
        "Facture d'un autre établissement du GHT."
    )
    page.get_by_role("button", name="Enregistrer la décision sur la facture Formacoop").click()
    expect(page.get_by_text("Motif : Facture d'un autre établissement du GHT.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/suivi/etablissement/{dossier.establishment.finess}/")
    assert_accessible(page)
    logout(page)

    sign_in(page, porteur.email)
    page.goto(f"/suivi/{dossier.reference}/")
    row = page.get_by_role("row", name="Formacoop")
    expect(row).to_contain_text("Rejetée")
    expect(row).to_contain_text("Facture d'un autre établissement du GHT.")
