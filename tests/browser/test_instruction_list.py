"""The instruction list at 1280 px: amount requested and findings in view without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from dossiers.models import Dossier
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.calls.factories import open_call
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db(transaction=True)

MANY_FINDINGS = (
    " COFINANCING_TOO_LOW QUOTE_MISSING ENDS_AFTER_CONSUMPTION_DEADLINE MISSING_ATTACHMENT "
    "PRIOR_NOT_IMPLEMENTED_2Y FINANCING_UNBALANCED "
)


def test_amount_and_findings_are_visible_at_1280_px_without_horizontal_scroll(page, tmp_path):
    call = open_call(tmp_path, code="clact-grand-est-2024")
    instructor = UserFactory(instructor=True, regions=["44"])
    dossiers = filed_dossiers(call, instructor, 5, blocking=True)
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(finding_codes=MANY_FINDINGS)
    for dossier in dossiers:
        dossier.establishment.name = "CENTRE HOSPITALIER INTERCOMMUNAL SARREGUEMINES-BITCHE"  # 60 chars at most
        dossier.establishment.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, instructor.email, PASSWORD)
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)
    page.goto("/instruction/")
    expect(page.locator("tbody tr")).to_have_count(5)
    assert_accessible(page)
    page.screenshot(path="/tmp/instruction-list.png", full_page=True)
    container = page.locator(".fr-table__container").first
    assert container.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "la liste défile sur le côté"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    first_row = page.locator("tbody tr").first
    for cell in (first_row.locator("td.qvct-amount"), first_row.locator("td.qvct-findings")):
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    expect(first_row.locator("td.qvct-findings")).to_contain_text("autofinancement insuffisant")
    # Checkboxes sit on the same line as the row's reference, not below it.
    checkbox = first_row.locator("td").first.locator("label").bounding_box()
    reference = first_row.locator("td").nth(1).bounding_box()
    assert abs((checkbox["y"] + checkbox["height"] / 2) - (reference["y"] + reference["height"] / 2)) < 8
