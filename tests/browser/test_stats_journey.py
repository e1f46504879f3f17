"""The statistics reader opens the demo CLACT dashboard, filters by department, switches the map to its table and
exports the figures; axe passes on each page."""

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_stats_reader_filters_the_demo_dashboard_switches_to_the_table_and_exports(page, demo):
    login(page, "lecteur@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques")
    page.get_by_role("link", name="Tableau de bord de CLACT Grand Est 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord — CLACT Grand Est 2024")
    assert_accessible(page)

    # The department filter from the form, then its tile on the map, reached with the keyboard.
    page.get_by_label("Département", exact=True).select_option("67")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**departement=67**")
    assert_accessible(page)
    tile = page.locator("svg.stats-map a[aria-current='true']")
    tile.focus()
    expect(tile).to_be_focused()

    page.get_by_role("link", name="Tableau", exact=True).click()
    page.wait_for_url("**vue=tableau**")
    expect(page.get_by_role("table", name="Dossiers et montants par département")).to_be_visible()
    expect(page.locator("svg.stats-map")).to_have_count(0)
    assert "departement=67" in page.url
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX des chiffres du tableau de bord").click()
    assert download.value.suggested_filename == "chiffres-clact-grand-est-2024.xlsx"

    page.get_by_role("link", name="Version imprimable").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord — CLACT Grand Est 2024")
    expect(page.get_by_role("table", name="Dossiers et montants par département")).to_be_visible()
    assert_accessible(page)
