"""The actions editor: a new action exists only once saved, removal is confirmed, the limit is explained."""

import html

import pytest
from django.urls import reverse

from accounts.enums import Role
from dossiers.enums import EventKind
from dossiers.forms import ActionForm
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_action
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

NEW_ACTION = {
    "title": "Lève-personnes",
    "theme": "tms",
    "catalog_item": "leve_personne",
    "description": "Achat de deux lève-personnes.",
    "motivation": "14 AT de manutention.",
    "start": "2024-11-01",
    "end": "2025-06-30",
    "agents_concerned": "80",
    "expense_nature": "equipment",
    "cost": "24 000",
    "requested": "12 000,00 €",
    "own_funding": "12000",
    "financeurs-TOTAL_FORMS": "2",
    "financeurs-INITIAL_FORMS": "0",
    "financeurs-0-funder": "Région",
    "financeurs-0-amount": "0",
    "indicateurs-TOTAL_FORMS": "2",
    "indicateurs-INITIAL_FORMS": "0",
    "indicateurs-0-name": "AT",
    "indicateurs-0-unit": "AT/an",
    "indicateurs-0-baseline": "14",
    "indicateurs-0-target": "7",
}


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_opening_the_new_action_form_creates_nothing(client, dossier, porteur):
    client.force_login(porteur)
    response = client.get(reverse("dossiers:action_add", args=[dossier.reference]))
    assert response.status_code == 200
    assert "Nouvelle action" in text_of(response)
    assert dossier.actions.count() == 0 and not dossier.events.filter(kind=EventKind.ACTION_ADDED).exists()


def test_the_actions_page_links_to_the_form_instead_of_creating_an_action(client, dossier, porteur):
    client.force_login(porteur)
    page = text_of(client.get(reverse("dossiers:section", args=[dossier.reference, "actions"])))
    assert f'href="{reverse("dossiers:action_add", args=[dossier.reference])}"' in page
    assert dossier.actions.count() == 0


def test_saving_the_new_action_creates_it_with_its_funders_and_indicators(client, dossier, porteur):
    client.force_login(porteur)
    response = client.post(reverse("dossiers:action_add", args=[dossier.reference]), NEW_ACTION)
    assert response.status_code == 302
    action = dossier.actions.get()
    assert (action.title, action.position, action.cost, action.requested) == (
        "Lève-personnes",
        1,
        24000,
        12000,
    )
    assert list(action.other_funding.values_list("funder", flat=True)) == ["Région"]
    assert list(action.indicators.values_list("name", flat=True)) == ["AT"]
    assert dossier.events.filter(kind=EventKind.ACTION_ADDED).count() == 1


def test_an_incomplete_new_action_is_not_created_and_says_what_is_missing(client, dossier, porteur):
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:action_add", args=[dossier.reference]), {**NEW_ACTION, "description": ""}
    )
    assert response.status_code == 200
    assert "pas encore enregistrée" in text_of(response)
    assert dossier.actions.count() == 0


def test_at_the_call_maximum_the_add_button_gives_way_to_the_reason(client, dossier, porteur):
    for _ in range(5):
        complete_action(dossier, porteur)
    client.force_login(porteur)
    page = text_of(client.get(reverse("dossiers:section", args=[dossier.reference, "actions"])))
    assert "Ajouter une action" not in page
    assert "L'appel autorise 5 actions au plus : le dossier en compte 5" in page
    response = client.get(reverse("dossiers:action_add", args=[dossier.reference]), follow=True)
    assert "L'appel autorise 5 actions au plus" in text_of(response)
    response = client.post(reverse("dossiers:action_add", args=[dossier.reference]), NEW_ACTION)
    assert dossier.actions.count() == 5


def test_removing_an_action_asks_for_confirmation_first(client, dossier, porteur):
    action = complete_action(dossier, porteur)
    client.force_login(porteur)
    url = reverse("dossiers:action_remove", args=[dossier.reference, action.pk])
    page = text_of(client.get(url))
    assert "Supprimer l'action 1 ?" in page and "définitive" in page
    assert dossier.actions.count() == 1
    client.post(url)
    assert dossier.actions.count() == 0


@pytest.mark.parametrize("name", ["action_add", "action_remove"])
def test_the_new_pages_are_for_the_porteur_of_the_dossier(client, dossier, porteur, name):
    action = complete_action(dossier, porteur)
    args = [dossier.reference] if name == "action_add" else [dossier.reference, action.pk]
    url = reverse(f"dossiers:{name}", args=args)
    client.force_login(porteur)
    assert client.get(url).status_code in {200, 302}
    client.force_login(UserFactory(establishment=EstablishmentFactory()))
    assert client.get(url).status_code == 404
    for role in (Role.INSTRUCTOR, Role.MANAGER, Role.COMMITTEE, Role.ARACT, Role.VIEWER, Role.ADMIN):
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code == 403, role
        assert client.post(url, NEW_ACTION).status_code == 403, role
    assert dossier.actions.count() == 1


def test_each_catalog_action_carries_its_theme_for_the_filter(clact):
    html_select = str(ActionForm(spec=clact.spec)["catalog_item"])
    assert 'value="leve_personne" data-theme="tms"' in html_select
    assert 'data-catalog-field="id_catalog_item"' in str(ActionForm(spec=clact.spec)["theme"])


def test_a_catalog_action_of_another_theme_is_refused(client, dossier, porteur):
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:action_add", args=[dossier.reference]), {**NEW_ACTION, "theme": "rps"}
    )
    assert "n'appartient pas à la thématique" in text_of(response)
    assert dossier.actions.count() == 0
