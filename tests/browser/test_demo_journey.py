"""On the demo as `qvct demo` loads it today, the porteur files the open demo call's draft: clean, at 50 %, receipt."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD
from demo.call import DEMO_CALL
from dossiers.models import Dossier
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_apply_journey import file_and_download_receipt, pdf, save_section

pytestmark = pytest.mark.django_db(transaction=True)

NBSP = "\u00a0"


def _coming_months() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return start, start + dt.timedelta(days=240)


def _add_action(page, start: dt.date, end: dt.date) -> None:
    page.get_by_role("link", name="Actions et plan de financement").first.click()
    page.get_by_role("link", name="Ajouter une action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle action")
    page.get_by_label("Intitulé de l'action").fill("Deux lève-personnes motorisés")
    page.get_by_label("Thématique (axe → thématique)").select_option("tms")
    page.get_by_label("Action du catalogue").select_option("leve_personne")
    page.get_by_label("Description").fill("Achat de deux lève-personnes et formation des équipes.")
    page.get_by_label("Motivation").fill("14 accidents de manutention l'an dernier, 80 agents exposés.")
    page.get_by_label("Début prévu").fill(start.isoformat())
    page.get_by_label("Fin prévue").fill(end.isoformat())
    page.get_by_label("Nombre d'agents concernés").fill("80")
    page.get_by_label("Nature de la dépense").select_option("equipment")
    page.get_by_label("Coût total (€)").fill("24000")
    page.get_by_label("Demande ARS (€)").fill("12000")
    page.get_by_label("Financement propre (€)").fill("12000")
    page.locator("#id_indicateurs-0-name").fill("Accidents de manutention")
    page.locator("#id_indicateurs-0-unit").fill("AT/an")
    page.locator("#id_indicateurs-0-baseline").fill("14")
    page.locator("#id_indicateurs-0-target").fill("7")
    assert_accessible(page)
    # The quote comes with the new action: adding it saves the action, which then shows its totals.
    page.locator("input[type=file][name=devis-file]").set_input_files(pdf("devis-leve-personnes.pdf"))
    page.get_by_label("Fournisseur").fill("Fournisseur médical")
    page.get_by_role("button", name="Ajouter le devis").click()
    expect(page.get_by_text("ajouté.")).to_be_visible()
    totals = page.locator("#totaux")
    expect(totals).to_contain_text("équilibré")
    expect(totals).to_contain_text(f"Part de 50{NBSP}% du coût")
    expect(totals).to_contain_text(f"Montant finançable : 12{NBSP}000{NBSP}€")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_text("enregistrée.")).to_be_visible()
    page.get_by_role("link", name="Revenir au dossier").click()


def test_the_porteur_files_the_open_demo_call_cleanly_with_actions_in_the_coming_months(page, demo, tmp_path):
    draft = Dossier.objects.get(call__code=DEMO_CALL)
    login(page, "porteur@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name=draft.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {draft.reference}")
    # Nothing from 2024 in the demo call: its calendar starts from today.
    expect(page.locator("main")).not_to_contain_text("2024")
    assert_accessible(page)

    page.get_by_role("link", name="Identification de l'établissement").click()
    save_section(
        page,
        {
            "Effectif total du personnel": "950",
            "ETP personnel médical": "62.5",
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
            "Présentation du projet": "DUERP actualisé et enquête auprès des agents",
            "Objectifs poursuivis": "Réduire de moitié les accidents de manutention",
            "Calendrier et modalités": "Achats dans les prochains mois, formations ensuite",
            "Modalités de suivi": "Comité trimestriel avec le CSE",
        },
    )
    start, end = _coming_months()
    _add_action(page, start, end)
    page.get_by_role("link", name="Pièces à joindre").first.click()
    for attachment in draft.call.spec.required_attachments:
        page.get_by_label("Nature de la pièce").select_option(attachment.kind)
        page.locator("input[type=file][name=file]").set_input_files(pdf(f"piece-{attachment.kind}.pdf"))
        page.get_by_role("button", name="Ajouter la pièce").click()
        expect(page.get_by_text("ajoutée.")).to_be_visible()
    page.get_by_role("link", name="Revenir au dossier").click()

    file_and_download_receipt(page, tmp_path)
    expect(page.get_by_text(re.compile("bloquant|action inéligible"))).to_have_count(0)
    dossier = Dossier.objects.get(pk=draft.pk)
    # The only note is the demo establishment's own past: an action of its CLACT 2022 never started, unexplained.
    assert dossier.status == "submitted" and [f["code"] for f in dossier.findings] == [
        "PRIOR_NOT_IMPLEMENTED_2Y"
    ]
    action = dossier.actions.get()
    assert (action.start, action.end) == (start, end) and action.requested * 2 == action.cost
