"""A NUL character (0x00) in a request never reaches the database (PostgreSQL refuses it with a server error).

The API's side: tests/api/test_nul_bytes.py.
"""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"


def test_a_page_address_holding_a_nul_character_names_nothing(client, porteur, dossier):
    client.force_login(porteur)

    response = client.get(f"/dossiers/{dossier.reference}{NUL}/")

    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_a_filter_holding_a_nul_character_is_ignored_as_any_malformed_filter(client, clact):
    client.force_login(UserFactory(viewer=True, regions=["44"]))

    response = client.get(
        reverse("stats:call", args=[clact.code]), {"departement": f"5{NUL}", "secteur": "sanitaire"}
    )

    assert response.status_code == 200
    assert response.wsgi_request.GET.dict() == {"secteur": "sanitaire"}


def test_a_form_holding_a_nul_character_is_refused_in_french_and_saves_nothing(client, porteur, dossier):
    client.force_login(porteur)
    url = reverse("dossiers:section", args=[dossier.reference, "identification"])

    response = client.post(url, {"headcount": "950", "contact_name": f"Jeanne{NUL}"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert "Rien n'a été enregistré" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.headcount is None
