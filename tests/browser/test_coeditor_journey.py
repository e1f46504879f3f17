"""A porteur invites a colleague who accepts through the e-mailed link; then revokes an invitation and removes them."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from dossiers.services import dossier_start
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_instruction_journey import logout
from tests.calls.factories import open_call
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def link_path(address: str) -> str:
    message = [message for message in mail.outbox if message.to == [address]][-1]
    return re.search(r"https?://[^/\s]+(/invitations/[\w-]+/)", message.body).group(1)


def test_a_colleague_accepts_the_link_then_the_porteur_revokes_and_removes(page, tmp_path):
    call = open_call(tmp_path / "appel", code="clact-grand-est-2024")
    hospital = EstablishmentFactory(finess="670000272", name="CENTRE HOSPITALIER DE SELESTAT")
    nursing_home = EstablishmentFactory(finess_ej=hospital.finess_ej, name="EHPAD DU CH DE SELESTAT")
    porteur = UserFactory(email="directrice@example.org", establishment=hospital, first_name="Claire")
    colleague = UserFactory(
        email="nadia.haddad@example.org", establishment=nursing_home, first_name="Nadia", last_name="Haddad"
    )
    dossier = dossier_start(call=call, establishment=hospital, user=porteur)[0]

    login(page, porteur.email, PASSWORD)
    page.goto(dossier.get_absolute_url())
    page.get_by_label("Une personne de votre établissement").select_option(
        label=f"Nadia Haddad ({colleague.email})"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text(f"Invitation envoyée à {colleague.email}.")).to_be_visible()
    invitations = page.get_by_role("table", name="Invitations")
    expect(invitations.get_by_role("row").nth(1)).to_contain_text("En attente")
    expect(page.get_by_text("Aucun co-rédacteur invité.")).to_be_visible()
    page.get_by_label("Ou une autre adresse électronique").fill("Nouvelle.Recrue@Example.org")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("Invitation envoyée à nouvelle.recrue@example.org.")).to_be_visible()
    assert_accessible(page)
    logout(page)

    # Someone without an account sees where it will be created; nothing is created by looking.
    page.goto(link_path("nouvelle.recrue@example.org"))
    expect(page.get_by_role("heading", name="Créer votre compte")).to_be_visible()
    assert_accessible(page)

    page.goto(link_path(colleague.email))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Invitation à co-rédiger le dossier {dossier.reference}"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Me connecter pour accepter").click()
    page.get_by_label("Adresse électronique").fill("Nadia.Haddad@Example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Accepter l'invitation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accepter l'invitation").click()
    expect(page.get_by_text(f"Vous co-rédigez désormais le dossier {dossier.reference}.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {dossier.reference}")
    expect(page.locator(".qvct-timeline")).to_contain_text("Nadia Haddad a rejoint le dossier")
    assert_accessible(page)
    logout(page)

    login(page, porteur.email, PASSWORD)
    page.goto(dossier.get_absolute_url())
    rows = page.get_by_role("table", name="Invitations").get_by_role("row")
    expect(rows.filter(has_text=colleague.email)).to_contain_text("Acceptée")
    page.get_by_role("button", name="Révoquer l'invitation de nouvelle.recrue@example.org").click()
    expect(page.get_by_text("L'invitation de nouvelle.recrue@example.org est révoquée")).to_be_visible()
    expect(rows.filter(has_text="nouvelle.recrue@example.org")).to_contain_text("Révoquée")
    page.get_by_role("button", name="Retirer Nadia Haddad du dossier").click()
    expect(page.get_by_text("Nadia Haddad ne co-rédige plus ce dossier.")).to_be_visible()
    timeline = page.locator(".qvct-timeline")
    expect(timeline).to_contain_text("Nadia Haddad a été retiré·e du dossier")
    expect(timeline).to_contain_text("Invitation de nouvelle.recrue@example.org révoquée")
    assert_accessible(page)
    logout(page)

    # The revoked link now leads nowhere, with the same page as any unusable link.
    page.goto(link_path("nouvelle.recrue@example.org"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation non valable")
    assert_accessible(page)
    assert not dossier.editors.exists()
