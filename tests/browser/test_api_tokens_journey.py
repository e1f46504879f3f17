"""A porteur creates an API token from the header, copies it once, uses it, then revokes it; axe on every page."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_porteur_creates_uses_and_revokes_an_api_token(page):
    user = UserFactory()
    login(page, user.email, PASSWORD)
    page.get_by_role("link", name="Jetons d'API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jetons d'accès à l'API")
    assert_accessible(page)

    page.get_by_label("Nom du jeton").fill("Tableur de suivi")
    page.get_by_label("Durée de validité").select_option("90")
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.locator("#nouveau-jeton").inner_text()
    assert re.fullmatch(r"qvct_[\w-]{40,}", secret)
    expect(page.get_by_role("cell", name="Tableur de suivi", exact=True)).to_be_visible()
    assert_accessible(page)

    api = Client()
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/v1/calls", headers=headers).status_code == 200

    page.get_by_role("button", name="Révoquer le jeton Tableur de suivi").click()
    expect(page.get_by_text("est révoqué")).to_be_visible()
    expect(page.get_by_role("cell", name="Révoqué", exact=True)).to_be_visible()
    assert_accessible(page)
    assert api.get("/api/v1/calls", headers=headers).status_code == 401
