"""Every free text has a length limit: shown to the user, refused beyond with a French message, nothing stored."""

import html
import json

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from qvct import limits
from review import services as review_services
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import action_values, complete_action, complete_clact

pytestmark = pytest.mark.django_db


def test_a_project_text_over_its_limit_is_refused_with_the_limit_and_stores_nothing(dossier, porteur):
    events = dossier.events.count()
    with pytest.raises(services.DossierError, match="5\u00a0000 caractères maximum") as refused:
        services.dossier_update(
            dossier=dossier,
            user=porteur,
            section="Projet",
            values={"scope": "SSR", "diagnostic": "x" * (limits.SECTION_TEXT + 1)},
        )
    assert "5\u00a0001" in str(refused.value)
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.scope, stored.diagnostic, dossier.events.count()) == ("", "", events)


def test_an_action_description_over_its_limit_is_refused(dossier, porteur):
    action = complete_action(dossier, porteur)
    with pytest.raises(services.DossierError, match="3\u00a0000 caractères maximum"):
        services.action_update(
            action=action, user=porteur, values=action_values(description="y" * (limits.ACTION_TEXT + 1))
        )
    action.refresh_from_db()
    assert action.description == "Équiper l'unité de SSR."


def test_a_message_over_its_limit_is_refused(dossier, porteur):
    with pytest.raises(services.DossierError, match="caractères maximum"):
        services.message_post(
            dossier=dossier, user=porteur, body="m" * (limits.MESSAGE_TEXT + 1), from_agency=False
        )
    assert not dossier.messages.exists()


def test_the_agents_texts_over_their_limit_are_refused(dossier, porteur):
    complete_clact(dossier, porteur)
    filed, _ = services.dossier_submit(dossier=dossier, user=porteur)
    instructor = UserFactory(instructor=True, regions=["44"])
    long = "z" * (limits.REASON_TEXT + 1)
    with pytest.raises(services.DossierError, match="caractères maximum"):
        review_services.annotation_add(dossier=filed, user=instructor, text=long)
    with pytest.raises(services.DossierError, match="caractères maximum"):
        review_services.dossier_decide(dossier=filed, user=instructor, admissible=False, reason=long)
    with pytest.raises(services.DossierError, match="caractères maximum"):
        services.dossier_withdraw(dossier=filed, user=porteur, reason=long)
    stored = Dossier.objects.get(pk=filed.pk)
    assert (stored.status, filed.annotations.count()) == ("submitted", 0)


def test_the_project_page_shows_each_limit(client, dossier, porteur):
    client.force_login(porteur)
    text = html.unescape(
        client.get(reverse("dossiers:section", args=[dossier.reference, "projet"])).content.decode()
    )
    assert text.count("5\u00a0000 caractères maximum") == 5
    assert 'maxlength="5000"' in text


def test_an_autosave_over_the_limit_keeps_the_stored_text_and_says_why(client, dossier, porteur):
    services.dossier_update(dossier=dossier, user=porteur, section="Projet", values={"diagnostic": "DUERP"})
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:section", args=[dossier.reference, "projet"]),
        {"diagnostic": "d" * (limits.SECTION_TEXT + 10)},
        HTTP_HX_REQUEST="true",
    )
    assert "5\u00a0000 caractères maximum : le texte en compte 5\u00a0010" in html.unescape(
        response.content.decode()
    )
    assert Dossier.objects.get(pk=dossier.pk).diagnostic == "DUERP"


def test_twenty_autosaves_of_a_long_text_keep_the_history_small(dossier, porteur):
    base = "Diagnostic partagé avec le CSE. " * 150  # close to the limit
    for number in range(20):
        services.dossier_update(
            dossier=dossier, user=porteur, section="Projet", values={"diagnostic": f"{base}{number}"[:5000]}
        )
    events = DossierEvent.objects.filter(dossier=dossier, kind="edited")
    assert events.count() == 20
    sizes = [len(json.dumps(event.data)) for event in events]
    assert max(sizes) < 1000, sizes
    last = events.latest("pk").data["changes"][0]
    assert last["label"] == "Diagnostic : modalités et principaux résultats"
    assert last["lengths"] == [len(f"{base}18"[:5000]), len(f"{base}19"[:5000])]
    assert len(last["sha256"][1]) == 64
