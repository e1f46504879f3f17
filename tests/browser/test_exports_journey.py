"""The instructor ticks every row of a page, exports the checked rows at once, then the whole filtered list in the
background: the export's page shows the file ready and downloads it; axe passes on each page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login, tick
from tests.calls.factories import open_call
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db(transaction=True)


def test_tout_cocher_then_the_checked_rows_then_the_whole_filtered_list(page, tmp_path):
    call = open_call(tmp_path, code="clact-grand-est-2024")
    instructor = UserFactory(instructor=True, regions=["44"])
    filed_dossiers(call, instructor, 4)
    login(page, instructor.email, PASSWORD)
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)
    page.goto("/instruction/?tab=tous")
    # The DSFR draws the box over the input (a label's pseudo-element): the input itself takes the click.
    tick(page.get_by_label("Tout cocher sur cette page"))
    rows = page.locator("tbody input[name='dossiers']")
    expect(rows).to_have_count(4)
    for index in range(4):
        expect(rows.nth(index)).to_be_checked()
    assert_accessible(page)

    dossiers = page.get_by_role("group", name="Exporter : dossiers")
    dossiers.get_by_label("Format").select_option("csv")
    with page.expect_download() as download:
        dossiers.get_by_role("button", name="Exporter les lignes cochées").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert len(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()) == 5

    actions = page.get_by_role("group", name="Exporter : actions")
    actions.locator("summary").click()
    tick(actions.get_by_label("Coût total (€)"), checked=False)
    actions.get_by_role("button", name="Exporter la liste filtrée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export : Actions")
    expect(page.get_by_text("Le fichier est prêt : 4 lignes.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier (XLSX)").click()
    assert download.value.suggested_filename.startswith("actions-")
