"""A campaign manager opens the DS page of a call from « Mes campagnes », launches a sync and reads its report."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.integrations.conftest import ds_call_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ds_call(db, tmp_path):
    return ds_call_in(tmp_path)


def test_a_manager_launches_the_ds_sync_and_reads_its_report(page, ds_call, settings):
    # No DS token here: the run stops at once and its report says why, in French.
    settings.DS_API_TOKEN = ""
    manager = UserFactory(manager=True, regions=["44"])
    login(page, manager.email, PASSWORD)
    page.goto("/espace/campagnes/")
    page.get_by_role("link", name=f"Démarches Simplifiées — {ds_call.short_title} ({ds_call.year})").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers déposés sur Démarches Simplifiées")
    expect(page.get_by_text("Aucune synchronisation n'a encore été lancée.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Synchroniser maintenant").click()
    expect(page.get_by_text("La synchronisation est lancée")).to_be_visible()
    expect(page.get_by_text("Interrompue le")).to_be_visible()
    expect(page.get_by_text("Le jeton de l'API Démarches Simplifiées n'est pas configuré")).to_be_visible()
    assert_accessible(page)
