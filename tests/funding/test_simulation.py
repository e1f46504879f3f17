"""The simulation page: scenarios built from the admissible dossiers, compared side by side, one chosen."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.enums import Role
from dossiers import services as dossier_services
from dossiers.models import Dossier
from funding import background, services
from funding.floors import parse_floors
from funding.models import Scenario
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_problem_uses_fundable_amounts_and_committee_means(clact, campaign):
    data = services.campaign_data(clact)
    assert [(i["dossier"], i["department"], i["amount"], i["score"]) for i in data.items] == [
        (campaign[0].reference, "67", "12000.00", "16.00"),
        (campaign[1].reference, "57", "12000.00", "8.00"),
    ]
    assert data.unscored == []


def test_a_small_envelope_funds_the_best_scored(clact, campaign, manager):
    scenario = services.scenario_run(
        call=clact, user=manager, name="", envelope=Decimal(15000), method="optimal", partial=False, floors={}
    )
    assert [g["id"] for g in scenario.result["granted"]] == [f"{campaign[0].reference}/1"]
    floored = services.scenario_run(
        call=clact,
        user=manager,
        name="Moselle",
        envelope=Decimal(15000),
        method="rank",
        partial=False,
        floors={"57": "12000"},
    )
    assert [g["id"] for g in floored.result["granted"]] == [f"{campaign[1].reference}/1"]


def test_infeasible_floors_are_explained(clact, campaign, manager):
    with pytest.raises(dossier_services.DossierError, match="57, 67"):
        services.scenario_run(
            call=clact,
            user=manager,
            name="",
            envelope=Decimal(15000),
            method="optimal",
            partial=False,
            floors={"57": "12000", "67": "1000"},
        )
    assert not Scenario.objects.exists()


GRAND_EST = ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]


def test_floors_are_read_from_text():
    assert parse_floors(
        "08=150000 ; 55 = 120 000\n52=1000,50", departments=GRAND_EST, envelope=Decimal(300000)
    ) == {"08": "150000.00", "55": "120000.00", "52": "1000.50"}
    with pytest.raises(dossier_services.DossierError, match="département=montant"):
        parse_floors("08:150000", departments=GRAND_EST, envelope=Decimal(300000))


@pytest.mark.parametrize("amount", ["beaucoup", "1e400", "-5", "1,2,3", "12,345", "NaN", "1" + "0" * 40])
def test_a_floor_that_is_not_a_french_amount_is_refused(amount):
    with pytest.raises(dossier_services.DossierError, match="nombre positif d'euros"):
        parse_floors(f"08={amount}", departments=GRAND_EST, envelope=Decimal(300000))


def test_a_floor_must_name_a_department_of_the_call():
    with pytest.raises(dossier_services.DossierError, match="« 75 » : ce département ne fait pas partie"):
        parse_floors("75=1000", departments=GRAND_EST, envelope=Decimal(300000))


def test_floors_cannot_exceed_the_envelope_together():
    with pytest.raises(dossier_services.DossierError, match="dépassent l'enveloppe"):
        parse_floors("08=10000 ; 57=10000", departments=GRAND_EST, envelope=Decimal(15000))


def test_the_service_refuses_floors_outside_the_call_or_the_envelope(clact, campaign, manager):
    for floors, message in (({"75": "1000"}, "ne fait pas partie"), ({"57": "20000"}, "dépassent")):
        with pytest.raises(dossier_services.DossierError, match=message):
            services.scenario_run(
                call=clact,
                user=manager,
                name="",
                envelope=Decimal(15000),
                method="rank",
                partial=False,
                floors=floors,
            )
    assert not Scenario.objects.exists()


def test_a_1e400_floor_on_the_page_is_a_french_message(client, clact, campaign, manager):
    client.force_login(manager)
    response = client.post(
        reverse("funding:simulation", args=[clact.code]),
        {"envelope": "15000", "method": "optimal", "floors": "08=1e400"},
    )
    assert response.status_code == 200
    assert "nombre positif d&#x27;euros" in response.content.decode() and not Scenario.objects.exists()


def test_two_scenarios_side_by_side_then_one_chosen(client, clact, campaign, manager):
    client.force_login(manager)
    url = reverse("funding:simulation", args=[clact.code])
    client.post(url, {"name": "Serré", "envelope": "15000", "method": "optimal", "floors": ""})
    client.post(url, {"name": "Moselle", "envelope": "15000", "method": "rank", "floors": "57=12000"})
    first, second = Scenario.objects.order_by("pk")
    text = client.get(f"{url}?a={first.pk}&a={second.pk}").content.decode()
    assert "Comparaison" in text and "Département 57" in text and "Axe 1" in text
    assert f"Financés seulement par « Serré »</strong> : {campaign[0].reference}" in text
    assert f"Financés seulement par « Moselle »</strong> : {campaign[1].reference}" in text
    client.post(reverse("funding:choose", args=[clact.code, second.pk]))
    client.post(reverse("funding:choose", args=[clact.code, first.pk]))
    assert list(Scenario.objects.filter(chosen_at__isnull=False)) == [first]


def test_bad_floors_on_the_page_change_nothing(client, clact, campaign, manager):
    client.force_login(manager)
    response = client.post(
        reverse("funding:simulation", args=[clact.code]),
        {"envelope": "15000", "method": "rank", "floors": "57:1"},
    )
    assert "département=montant" in response.content.decode() and not Scenario.objects.exists()


@pytest.mark.parametrize("role", sorted(Role))
def test_simulation_is_for_campaign_managers(client, clact, role):
    client.force_login(
        UserFactory(role=role, regions=["44"]) if role != Role.ESTABLISHMENT else UserFactory()
    )
    response = client.get(reverse("funding:simulation", args=[clact.code]))
    assert response.status_code == (200 if role == Role.MANAGER else 403)


def test_simulation_of_another_region_is_not_found(client, clact):
    client.force_login(UserFactory(manager=True, regions=["28"]))
    assert client.get(reverse("funding:simulation", args=[clact.code])).status_code == 404


def test_simulation_page_stays_flat_as_scenarios_grow(client, clact, campaign, manager):
    from tests.helpers import assert_flat_queries

    services.scenario_run(
        call=clact, user=manager, name="a", envelope=Decimal(15000), method="rank", partial=False, floors={}
    )
    client.force_login(manager)
    url = reverse("funding:simulation", args=[clact.code])

    def grow():
        for n in range(4):
            services.scenario_run(
                call=clact,
                user=manager,
                name=f"s{n}",
                envelope=Decimal(20000 + n),
                method="optimal",
                partial=False,
                floors={},
            )

    assert_flat_queries(client, url, grow)


# --- Decisions ---------------------------------------------------------------------------------------


def test_decisions_follow_the_chosen_scenario(chosen, campaign, manager):
    from funding.models import Decision

    assert services.decisions_prepare(scenario=chosen, user=manager) == 2
    first, second = Decision.objects.order_by("dossier__number")
    assert (first.granted, first.reason) == (Decimal("12000.00"), "")
    assert second.granted == 0 and "enveloppe" in second.reason


def test_an_adjustment_needs_a_justification_and_stays_within_the_fundable_amount(chosen, campaign, manager):
    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    first, second = Decision.objects.order_by("dossier__number")
    with pytest.raises(dossier_services.DossierError, match="Justifiez"):
        services.decision_adjust(
            decision=second, user=manager, granted=Decimal(1000), reason="", justification=""
        )
    with pytest.raises(dossier_services.DossierError, match="de 0 à 12\u00a0000\u00a0€"):
        services.decision_adjust(
            decision=first, user=manager, granted=Decimal(13000), reason="", justification="x"
        )
    services.decision_adjust(
        decision=second,
        user=manager,
        granted=Decimal(3000),
        reason="Réduit",
        justification="Priorité régionale",
    )
    second.refresh_from_db()
    assert second.granted == Decimal(3000) and second.adjusted_by == manager
    assert second.dossier.events.filter(reason="Priorité régionale").exists()


@pytest.mark.parametrize("raise_first", [True, False], ids=["raise-then-lower", "lower-then-raise"])
def test_the_order_of_adjustments_does_not_matter_only_the_total_at_validation(
    chosen, campaign, manager, raise_first
):
    """Envelope 15 000 €: move 12 000 € from the first dossier to the second, in either order."""
    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    first, second = Decision.objects.order_by("dossier__number")
    steps = [(second, Decimal(12000)), (first, Decimal(0))]
    for decision, amount in steps if raise_first else reversed(steps):
        services.decision_adjust(
            decision=decision, user=manager, granted=amount, reason="Arbitrage", justification="Arbitrage"
        )
    assert services.decisions_total(chosen) == Decimal(12000)
    services.decisions_validate(scenario=chosen, user=manager)
    statuses = [Dossier.objects.get(pk=d.pk).status for d in campaign]
    assert statuses == ["not_selected", "selected"]


def test_validation_refuses_a_total_above_the_envelope_and_says_by_how_much(chosen, campaign, manager):
    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    second = Decision.objects.get(dossier=campaign[1])
    total = services.decision_adjust(
        decision=second, user=manager, granted=Decimal(12000), reason="", justification="Priorité"
    )
    assert total == Decimal(24000)
    with pytest.raises(
        dossier_services.DossierError, match="de 9\u00a0000,00\u00a0€ : réduisez des décisions"
    ):
        services.decisions_validate(scenario=chosen, user=manager)
    chosen.refresh_from_db()
    assert chosen.validated_at is None
    assert [Dossier.objects.get(pk=d.pk).status for d in campaign] == ["admissible", "admissible"]


def test_the_optimal_scenario_gives_no_reason_about_a_rank(chosen, campaign, manager):
    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    refused = Decision.objects.get(dossier=campaign[1])
    assert chosen.method == "optimal" and refused.granted == 0
    assert "rang" not in refused.reason and "enveloppe" in refused.reason


def test_the_rank_scenario_speaks_of_the_rank(clact, campaign, manager):
    from funding.models import Decision

    scenario = services.scenario_run(
        call=clact, user=manager, name="", envelope=Decimal(15000), method="rank", partial=True, floors={}
    )
    services.scenario_choose(scenario=scenario, user=manager)
    scenario.refresh_from_db()
    services.decisions_prepare(scenario=scenario, user=manager)
    partial = Decision.objects.get(dossier=campaign[1])
    assert partial.granted == Decimal(3000)
    assert partial.reason == "Financement partiel : l'enveloppe est épuisée à ce rang de classement."


def test_the_database_refuses_a_grant_above_the_fundable_amount(chosen, campaign, manager):
    from django.db import IntegrityError, transaction

    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(granted__gt=0).update(granted=Decimal(999999))


def test_validation_selects_and_locks(chosen, campaign, manager):
    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    services.decisions_validate(scenario=chosen, user=manager)
    statuses = [Dossier.objects.get(pk=d.pk).status for d in campaign]
    assert statuses == ["selected", "not_selected"]
    rejected = Dossier.objects.get(pk=campaign[1].pk).events.get(transition="reject_selection")
    assert "enveloppe" in rejected.reason
    decision = Decision.objects.get(dossier=campaign[1])
    chosen.refresh_from_db()
    with pytest.raises(dossier_services.DossierError, match="validées"):
        services.decision_adjust(
            decision=decision, user=manager, granted=Decimal(1), reason="", justification="x"
        )
    with pytest.raises(dossier_services.DossierError, match="validées"):
        services.decisions_prepare(scenario=chosen, user=manager)
    total = sum(d.granted for d in Decision.objects.all())
    assert total <= chosen.envelope and all(d.scenario.validated_at for d in Decision.objects.all())


def test_decisions_page_prepares_adjusts_and_validates(client, clact, chosen, campaign, manager):
    client.force_login(manager)
    url = reverse("funding:decisions", args=[clact.code])
    assert "Préparer les décisions" in client.get(url).content.decode()
    client.post(reverse("funding:decisions_action", args=[clact.code]), {"operation": "prepare"})
    from funding.models import Decision

    second = Decision.objects.get(dossier=campaign[1])
    response = client.post(
        reverse("funding:decision_adjust", args=[clact.code, second.pk]),
        {"granted": "abc", "reason": "", "justification": "x"},
        follow=True,
    )
    assert "doit être un nombre" in response.content.decode()
    for bad in ("NaN", "Infinity"):
        response = client.post(
            reverse("funding:decision_adjust", args=[clact.code, second.pk]),
            {"granted": bad, "reason": "", "justification": "x"},
            follow=True,
        )
        assert "doit être un nombre" in response.content.decode()
    client.post(
        reverse("funding:decision_adjust", args=[clact.code, second.pk]),
        {"granted": "2000,50", "reason": "Réduit", "justification": "Priorité régionale"},
    )
    assert Decision.objects.get(pk=second.pk).granted == Decimal("2000.50")
    client.post(reverse("funding:decisions_action", args=[clact.code]), {"operation": "validate"})
    text = client.get(url).content.decode()
    assert "verrouillées" in text and "Ajuster" not in text


def test_decisions_page_warns_while_the_total_passes_the_envelope(client, clact, chosen, campaign, manager):
    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    client.force_login(manager)
    second = Decision.objects.get(dossier=campaign[1])
    response = client.post(
        reverse("funding:decision_adjust", args=[clact.code, second.pk]),
        {"granted": "12000", "reason": "", "justification": "Priorité régionale"},
        follow=True,
    )
    text = response.content.decode()
    assert Decision.objects.get(pk=second.pk).granted == Decimal(12000)
    assert "Le total accordé dépasse l&#x27;enveloppe de 9\u00a0000\u00a0€" in text


@pytest.mark.parametrize("role", sorted(Role))
def test_decisions_page_is_for_campaign_managers(client, clact, role):
    client.force_login(
        UserFactory(role=role, regions=["44"]) if role != Role.ESTABLISHMENT else UserFactory()
    )
    response = client.get(reverse("funding:decisions", args=[clact.code]))
    assert response.status_code == (200 if role == Role.MANAGER else 403)


def test_decisions_page_stays_flat(client, clact, chosen, campaign, manager):
    from tests.helpers import assert_flat_queries

    services.decisions_prepare(scenario=chosen, user=manager)
    client.force_login(manager)
    url = reverse("funding:decisions", args=[clact.code])

    def grow():
        from dossiers.models import Action
        from funding.models import Decision

        for dossier in campaign:
            for n in range(3):
                action = Action.objects.create(dossier=dossier, position=10 + n, title=f"Action {n}")
                Decision.objects.create(
                    scenario=chosen,
                    action=action,
                    dossier=dossier,
                    fundable=0,
                    proposed=0,
                    granted=0,
                    reason="Non éligible.",
                )

    assert_flat_queries(client, url, grow)


def test_simulation_lists_the_dossiers_without_committee_scores(client, clact, filed, instructor, manager):
    from review import services as review

    review.dossier_decide(dossier=filed, user=instructor, admissible=True, reason="")
    client.force_login(manager)
    text = client.get(reverse("funding:simulation", args=[clact.code])).content.decode()
    assert "Sans note remise du comité" in text and filed.reference in text


def test_the_establishment_learns_the_decision_only_from_the_notification(
    client, chosen, campaign, manager, porteur
):
    import json

    from funding.models import Decision

    funding_decisions = services.decisions_prepare(scenario=chosen, user=manager)
    assert funding_decisions == 2
    first = Decision.objects.get(dossier=campaign[0])
    services.decision_adjust(
        decision=first,
        user=manager,
        granted=Decimal(11000),
        reason="Réduit",
        justification="ARBITRAGE-INTERNE",
    )
    services.decisions_validate(scenario=chosen, user=manager)
    assert Dossier.objects.get(pk=campaign[0].pk).status == "selected"
    client.force_login(porteur)
    page = client.get(campaign[0].get_absolute_url()).content.decode()
    assert "Recevable" in page and "Retenu" not in page and "ARBITRAGE-INTERNE" not in page
    assert "11000" not in page and "11 000" not in page
    data = json.loads(client.get(reverse("dossiers:export_json", args=[campaign[0].reference])).content)
    assert data["status"] == "admissible"
    assert "Retenu" not in client.get(reverse("accounts:workspace_establishment")).content.decode()


def test_an_adjusted_amount_is_read_the_french_way_or_refused(client, clact, chosen, campaign, manager):
    from funding.models import Decision

    services.decisions_prepare(scenario=chosen, user=manager)
    client.force_login(manager)
    second = Decision.objects.get(dossier=campaign[1])
    url = reverse("funding:decision_adjust", args=[clact.code, second.pk])
    before = Decision.objects.get(pk=second.pk).granted
    response = client.post(url, {"granted": "1,2,3", "reason": "", "justification": "x"}, follow=True)
    assert "une seule virgule" in response.content.decode()
    assert Decision.objects.get(pk=second.pk).granted == before
    client.post(url, {"granted": "1\u202f234,56\u00a0€", "reason": "Réduit", "justification": "Priorité"})
    assert Decision.objects.get(pk=second.pk).granted == Decimal("1234.56")


# --- Large simulations in the background -----------------------------------------------------------------


def test_a_small_simulation_is_computed_in_the_request(client, clact, campaign, manager):
    from funding.models import ScenarioRun

    client.force_login(manager)
    client.post(reverse("funding:simulation", args=[clact.code]), {"envelope": "15000", "method": "optimal"})
    assert Scenario.objects.count() == 1 and not ScenarioRun.objects.exists()


def test_a_large_simulation_runs_in_the_background_with_its_progress(
    client, clact, campaign, manager, settings
):
    from funding.models import ScenarioRun

    settings.QVCT_SIMULATION_BACKGROUND_ITEMS = 1
    client.force_login(manager)
    url = reverse("funding:simulation", args=[clact.code])
    response = client.post(url, {"name": "National", "envelope": "15000", "method": "optimal"}, follow=True)
    assert "se calcule en arrière-plan" in response.content.decode()
    run = ScenarioRun.objects.get()
    assert run.finished_at and run.error == "" and (run.done, run.total) == (2, 2)
    assert run.scenario == Scenario.objects.get(name="National")
    text = client.get(url).content.decode()
    assert f"?a={run.scenario.pk}" in text and "voir le scénario « National »" in text
    assert 'hx-trigger="every 2s"' not in text


def test_the_page_polls_a_running_simulation(client, clact, campaign, manager):
    from funding.models import ScenarioRun

    ScenarioRun.objects.create(
        call=clact, launched_by=manager, name="National", envelope=15000, method="optimal", total=2
    )
    client.force_login(manager)
    url = reverse("funding:simulation", args=[clact.code])
    assert 'hx-trigger="every 2s"' in client.get(url).content.decode()
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="calculs"') and "0 dossier(s) lu(s) sur 2" in partial
    with (
        pytest.raises(dossier_services.DossierError, match="déjà en cours"),
        override_settings(QVCT_SIMULATION_BACKGROUND_ITEMS=1),
    ):
        background.scenario_launch(
            call=clact,
            user=manager,
            name="",
            envelope=Decimal(15000),
            method="rank",
            partial=False,
            floors={},
        )


def test_a_background_run_that_cannot_succeed_says_why_in_french(clact, campaign, manager, settings):
    from funding.models import ScenarioRun

    settings.QVCT_SIMULATION_BACKGROUND_ITEMS = 1
    background.scenario_launch(
        call=clact,
        user=manager,
        name="",
        envelope=Decimal(15000),
        method="optimal",
        partial=False,
        floors={"57": "12000", "67": "1000"},
    )
    run = ScenarioRun.objects.get()
    assert run.finished_at and run.scenario is None and run.error.startswith("Scénario impossible")


def test_a_stopped_optimal_scenario_says_so_with_its_gap(client, clact, campaign, manager):
    scenario = services.scenario_run(
        call=clact,
        user=manager,
        name="Arrêté",
        envelope=Decimal(15000),
        method="optimal",
        partial=False,
        floors={},
    )
    scenario.result.update(optimal=False, stopped="time_limit", best_bound=200000.0, gap=0.000958)
    scenario.save()
    client.force_login(manager)
    text = client.get(reverse("funding:simulation", args=[clact.code]) + f"?a={scenario.pk}").content.decode()
    assert "non : calcul arrêté par la limite de temps, au plus 0,1\u00a0% sous l'optimum" in text


def test_the_web_simulation_uses_the_time_limit_setting(clact, campaign, manager, settings, monkeypatch):
    from funding import allocation

    seen = {}
    real = allocation.allocate

    def spy(problem, method=None, *, time_limit):
        seen["time_limit"] = time_limit
        return real(problem, method, time_limit=time_limit)

    monkeypatch.setattr(services, "allocate", spy)
    settings.QVCT_ALLOCATION_TIME_LIMIT = 7.5
    services.scenario_run(
        call=clact, user=manager, name="", envelope=Decimal(15000), method="optimal", partial=False, floors={}
    )
    assert seen == {"time_limit": 7.5}
