"""Numbers typed with a French comma reach the dossier unchanged, by autosave as by explicit save."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.dossiers.builders import complete_action

pytestmark = pytest.mark.django_db


def test_autosave_keeps_the_decimals_of_a_rate_typed_with_a_comma(client, dossier, porteur):
    client.force_login(porteur)
    url = reverse("dossiers:section", args=[dossier.reference, "identification"])
    client.post(
        url,
        {"absenteeism_rate": "8,9", "fte_medical": "98,5", "turnover_rate": "11,2"},
        HTTP_HX_REQUEST="true",
    )
    dossier.refresh_from_db()
    assert (dossier.absenteeism_rate, dossier.fte_medical, dossier.turnover_rate) == (
        Decimal("8.9"),
        Decimal("98.5"),
        Decimal("11.2"),
    )
    page = client.get(url).content.decode()
    assert 'value="8,9"' in page and 'value="98,5"' in page


def test_an_amount_with_spaces_and_euro_sign_is_saved_on_the_action(client, dossier, porteur):
    action = complete_action(dossier, porteur)
    client.force_login(porteur)
    url = reverse("dossiers:action", args=[dossier.reference, action.pk])
    client.post(url, {"cost": "24\u202f000,50\u00a0€", "requested": "1 234,56 €"}, HTTP_HX_REQUEST="true")
    action.refresh_from_db()
    assert (action.cost, action.requested) == (Decimal("24000.50"), Decimal("1234.56"))


def test_an_ambiguous_amount_changes_nothing_and_says_why(client, dossier, porteur):
    action = complete_action(dossier, porteur)
    client.force_login(porteur)
    url = reverse("dossiers:action", args=[dossier.reference, action.pk])
    response = client.post(url, {"cost": "24.000,50"}, HTTP_HX_REQUEST="true")
    action.refresh_from_db()
    assert action.cost == Decimal("24000")
    assert "une seule virgule" in response.content.decode()
