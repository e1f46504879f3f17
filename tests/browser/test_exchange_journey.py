"""The instructor exports whole dossiers (« Exporter : échange ») from the list; the file reads back as the
dossiers' qvct.dossier/1 documents, ready for `qvct import`; axe passes on each page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dossiers.interchange import dossier_to_data
from dossiers.selectors import dossier_queryset
from dossiers.sheet_import import read_sheet
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.calls.factories import open_call
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_exchange_export_of_the_filtered_list_reads_back_as_its_dossiers(page, tmp_path):
    call = open_call(tmp_path, code="clact-grand-est-2024")
    instructor = UserFactory(instructor=True, regions=["44"])
    filed_dossiers(call, instructor, 3)
    login(page, instructor.email, PASSWORD)
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)
    page.goto("/instruction/?tab=tous")

    exchange = page.get_by_role("group", name="Exporter : échange")
    expect(exchange.get_by_text("que l'administrateur peut réimporter tel quel")).to_be_visible()
    exchange.get_by_label("Format").select_option("ods")
    exchange.get_by_role("button", name="Exporter la liste filtrée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export : Échange")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier (ODS)").click()
    path = tmp_path / "echange.ods"
    Path(download.value.path()).rename(path)

    documents = read_sheet(path)
    expected = [dossier_to_data(dossier) for dossier in dossier_queryset().order_by("call_id", "number")]
    assert documents == expected and len(documents) == 3
