"""A visitor finds the CLACT call from the home page; every page passes the accessibility check."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.calls.factories import load_shipped_calls

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_goes_from_the_home_page_to_the_clact_call(page):
    load_shipped_calls()
    page.goto("/")
    expect(page.locator("header.fr-header")).to_contain_text("Guichet QVCT")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Appels à candidatures"
    ).click()
    expect(page).to_have_url(re.compile(r"/appels/$"))
    for title in (
        "CLACT Grand Est 2024",
        "Accompagnement QVCT Normandie 2024",
        "Accompagnement QVCT Normandie 2025",
    ):
        expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="CLACT Grand Est 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contrats locaux d'amélioration des conditions de travail (CLACT) 2024"
    )
    page.get_by_role("link", name="Thématiques et actions éligibles").click()
    page.get_by_role("button", name=re.compile("^Prévention des TMS")).click()
    expect(page.get_by_text("Lève-personne")).to_be_visible()
    assert_accessible(page)


def test_the_normandie_call_page_is_accessible(page):
    load_shipped_calls()
    page.goto("/appels/aac-normandie-2025/")
    expect(page.get_by_role("heading", name="Programme de l'accompagnement")).to_be_visible()
    assert_accessible(page)


def test_the_error_and_login_pages_are_accessible(page):
    page.goto("/page-inexistante/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page non trouvée")
    assert_accessible(page)
    page.goto("/compte/connexion/")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Saisissez")).to_have_count(0)
    assert_accessible(page)


def test_the_page_of_an_unreadable_form_is_accessible(page):
    """A form sent with a NUL character (pasted from another program) gets the French 400 page."""
    page.goto("/compte/connexion/")
    page.locator("input[type=email], input[name=username]").first.evaluate(
        "el => el.value = 'a\\u0000b@exemple.fr'"
    )
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demande invalide")
    expect(page.get_by_text("Rien n'a été enregistré")).to_be_visible()
    assert_accessible(page)
