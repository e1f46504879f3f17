"""A porteur types rates and figures with a French comma: the autosave keeps them as typed."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from dossiers.models import Dossier
from dossiers.services import dossier_start
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.calls.factories import open_call
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_comma_typed_in_the_identification_section_survives_autosave_and_reload(page, tmp_path):
    call = open_call(tmp_path / "appel", code="clact-grand-est-2024")
    hospital = EstablishmentFactory(finess="670000272", name="CENTRE HOSPITALIER DE SELESTAT")
    user = UserFactory(email="porteur@example.org", establishment=hospital)
    dossier = dossier_start(call=call, establishment=hospital, user=user)[0]
    login(page, user.email, PASSWORD)
    page.goto(f"/dossiers/{dossier.reference}/identification/")
    assert_accessible(page)
    rate = page.get_by_label("Taux d'absentéisme (%)")
    fte = page.get_by_label("ETP personnel médical")
    assert rate.get_attribute("type") == "text" and rate.get_attribute("inputmode") == "decimal"
    rate.press_sequentially("8,9")
    fte.press_sequentially("98,5")
    fte.blur()
    expect(page.locator("#etat-enregistrement")).to_contain_text("Enregistré à")
    # Autosave answers once per change: wait until the last one has been stored.
    page.wait_for_function("() => !document.querySelector('form.htmx-request')")
    assert_accessible(page)
    page.reload()
    expect(page.get_by_label("Taux d'absentéisme (%)")).to_have_value("8,9")
    expect(page.get_by_label("ETP personnel médical")).to_have_value("98,5")
    assert_accessible(page)
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.absenteeism_rate, stored.fte_medical) == (Decimal("8.9"), Decimal("98.5"))


def test_an_unreadable_number_is_refused_in_french_and_not_stored(page, tmp_path):
    call = open_call(tmp_path / "appel", code="clact-grand-est-2024")
    hospital = EstablishmentFactory(finess="670000272", name="CENTRE HOSPITALIER DE SELESTAT")
    user = UserFactory(email="porteur@example.org", establishment=hospital)
    dossier = dossier_start(call=call, establishment=hospital, user=user)[0]
    login(page, user.email, PASSWORD)
    page.goto(f"/dossiers/{dossier.reference}/identification/")
    page.get_by_label("Taux de turn-over (%)").fill("11,2,5")
    page.get_by_label("Taux de turn-over (%)").blur()
    expect(page.locator("#etat-enregistrement")).to_contain_text("une seule virgule")
    assert_accessible(page)
    assert Dossier.objects.get(pk=dossier.pk).turnover_rate is None
