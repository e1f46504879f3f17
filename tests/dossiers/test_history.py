"""The history shows editing sessions in French: one entry per author and part, never a field name or a dict."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.utils import timezone

from dossiers import services
from dossiers.history import change, timeline
from dossiers.models import DossierEvent
from review import services as review_services
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import action_values, complete_action, complete_clact, complete_normandie

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_a_short_change_keeps_both_values_and_a_long_one_a_compact_diff():
    assert change("Effectif total", None, 950) == {"label": "Effectif total", "before": "—", "after": "950"}
    before = "Début. " + "a" * 400 + " Fin."
    after = "Début. " + "a" * 400 + " Suite ajoutée. Fin."
    compact = change("Diagnostic", before, after)
    assert (compact["removed"], compact["added"], compact["at"]) == ("", "Suite ajoutée. ", len(before) - 4)
    assert compact["lengths"] == [len(before), len(after)] and "before" not in compact


def test_autosaves_of_one_author_on_one_section_make_one_entry_with_the_fields_in_french(dossier, porteur):
    for values in ({"scope": "SSR"}, {"diagnostic": "DUERP"}, {"scope": "SSR et EHPAD"}):
        services.dossier_update(
            dossier=dossier, user=porteur, section="Présentation du projet", values=values
        )
    entry = timeline(dossier.events.all())[0]
    assert (entry.summary, entry.saves, entry.actor) == (
        "Section « Présentation du projet » modifiée",
        3,
        porteur,
    )
    assert [(c.label, c.description) for c in entry.changes] == [
        ("Pôles ou établissement concernés", "— → SSR et EHPAD"),
        ("Diagnostic : modalités et principaux résultats", "— → DUERP"),
    ]


def test_another_author_a_pause_or_another_section_start_a_new_entry(dossier, porteur):
    coeditor = UserFactory(establishment=porteur.establishments.get())
    services.dossier_update(dossier=dossier, user=porteur, section="Projet", values={"scope": "A"})
    services.dossier_update(dossier=dossier, user=coeditor, section="Projet", values={"scope": "B"})
    services.dossier_update(dossier=dossier, user=coeditor, section="Identification", values={"headcount": 3})
    services.dossier_update(dossier=dossier, user=coeditor, section="Identification", values={"headcount": 4})
    later = timezone.now() + dt.timedelta(hours=2)
    DossierEvent.objects.create(
        dossier=dossier,
        actor=coeditor,
        kind="edited",
        at=later,
        summary="Section « Identification » modifiée",
        data={"target": "section:identification", "changes": [change("Effectif total", 4, 5)]},
    )
    entries = timeline(dossier.events.all())
    assert [entry.saves for entry in entries] == [1, 2, 1, 1, 1]  # newest first, the creation last


def test_the_porteur_history_names_action_fields_in_french_never_codes_or_dicts(
    client, normandie, porteur, dossier
):
    action = complete_action(dossier, porteur)
    services.action_update(
        action=action,
        user=porteur,
        values=action_values(cost=Decimal("30000"), own_funding=Decimal("18000"), catalog_item=""),
    )
    client.force_login(porteur)
    text = text_of(client.get(dossier.get_absolute_url()))
    assert "Coût total (€) (24\u00a0000\u00a0€ → 30\u00a0000\u00a0€)" in text
    assert "Financement propre (€)" in text and "Action du catalogue" in text
    for raw in ("cost", "own_funding", "catalog_item", "leve_personne", "{'"):
        assert raw not in text.split("Historique")[1], raw


def test_a_motivation_change_shows_the_criterion_not_a_dict(client, normandie, porteur):
    dossier = services.dossier_start(
        call=normandie, establishment=porteur.establishments.get(), user=porteur
    )[0]
    complete_normandie(dossier, porteur)
    client.force_login(porteur)
    history = text_of(client.get(dossier.get_absolute_url())).split("Historique")[1]
    assert f"Motivation — {normandie.spec.criteria[0].title}" in history
    assert "{" not in history


def test_a_finding_lifted_by_the_instructor_no_longer_shows_to_the_porteur(client, dossier, porteur):
    complete_clact(dossier, porteur)
    filed, _ = services.dossier_submit(dossier=dossier, user=porteur)
    # An action now ends beyond the call's realisation period: the check says « à noter ».
    filed.actions.update(end=dt.date(2030, 1, 1))
    services.findings_store(filed, services.dossier_check(filed).as_json()["findings"])
    client.force_login(porteur)
    assert "mois après l'octroi" in text_of(client.get(filed.get_absolute_url()))
    review_services.finding_override(
        dossier=filed,
        user=UserFactory(instructor=True, regions=["44"]),
        code="BEYOND_24_MONTHS",
        action=1,
        justification="Calendrier validé avec l'ARS.",
    )
    assert "mois après l'octroi" not in text_of(client.get(filed.get_absolute_url()))
