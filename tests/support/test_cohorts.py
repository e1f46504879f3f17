"""Cohorts: built from the retained establishments of the wave, host sites chosen, warnings with their reasons."""

import pytest
from django.urls import reverse

from support.cohorts import CohortRules, MemberFacts, cohort_warnings, hosts_propose
from support.models import Cohort, CohortMember
from support.selection import selection_decide
from support.services import cohort_build, cohort_rules
from tests.helpers import assert_flat_queries

RULES = CohortRules(min_size=4, max_size=6, hosts=3, departments=("14", "50", "61"))


def members(departments: str, hosts: str = "") -> list[MemberFacts]:
    return [
        MemberFacts(index, f"Établissement {index}", department, str(index) in hosts)
        for index, department in enumerate(departments.split())
    ]


def test_a_cohort_of_five_over_three_departments_with_three_hosts_has_no_warning():
    assert cohort_warnings(members("14 14 50 61 61", hosts="024"), RULES) == []


def test_a_cohort_of_three_is_flagged_with_the_call_bounds():
    [warning] = cohort_warnings(members("14 50 61", hosts="012"), RULES)
    assert warning == "Le groupe compte 3 établissements : l'appel en prévoit 4 à 6 par action collective."


def test_a_cohort_of_seven_is_flagged_with_the_call_bounds():
    [warning] = cohort_warnings(members("14 14 14 50 50 61 61", hosts="036"), RULES)
    assert warning.startswith("Le groupe compte 7 établissements")


def test_a_cohort_over_two_departments_cannot_host_in_three():
    warnings = cohort_warnings(members("14 14 50 50", hosts="012"), RULES)
    assert any("ne couvrent que 2 départements" in w for w in warnings)
    assert any("Deux sites d'accueil sont dans le même département" in w for w in warnings)


def test_hosts_in_fewer_than_three_departments_are_flagged():
    warnings = cohort_warnings(members("14 14 50 61 61", hosts="013"), RULES)
    assert warnings == [
        "Deux sites d'accueil sont dans le même département : l'appel les veut sur des sites géographiques "
        "différents."
    ]


def test_a_missing_host_is_flagged():
    assert cohort_warnings(members("14 14 50 61", hosts="02"), RULES) == [
        "2 sites d'accueil choisis : l'appel en prévoit 3."
    ]


def test_an_establishment_outside_the_wave_is_flagged_never_refused():
    warnings = cohort_warnings(members("14 50 61 27", hosts="012"), RULES)
    assert any("hors des départements de la vague (27)" in w for w in warnings)


def test_the_proposed_hosts_are_one_per_department_in_the_call_order():
    assert hosts_propose(members("61 14 14 50 61"), RULES) == {1, 3, 0}


@pytest.mark.django_db
def test_the_rules_are_read_from_the_call_definition(normandie):
    assert cohort_rules(normandie) == RULES


@pytest.mark.django_db
def test_the_cohort_is_built_from_the_retained_establishments_with_three_hosts(candidacies, manager):
    for dossier in candidacies[:5]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    selection_decide(dossier=candidacies[5], user=manager, outcome="waitlisted")
    cohort = cohort_build(call=candidacies[0].call, user=manager)
    assert cohort.members.count() == 5
    hosts = CohortMember.objects.filter(cohort=cohort, host=True).select_related("dossier__establishment")
    assert sorted(m.dossier.establishment.department_id for m in hosts) == ["14", "50", "61"]


@pytest.mark.django_db
def test_the_cohort_page_shows_the_warning_with_its_reason(client, candidacies, aract, manager):
    for dossier in candidacies[:3]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    client.force_login(aract)
    client.post(reverse("support:build", args=[candidacies[0].call.code]))
    page = client.get(reverse("support:cohorts", args=[candidacies[0].call.code])).content.decode()
    assert "Le groupe compte 3 établissements" in page and Cohort.objects.count() == 1


@pytest.mark.django_db
def test_the_host_choice_outside_the_rule_is_kept_and_said(client, candidacies, manager):
    for dossier in candidacies[:5]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    cohort = cohort_build(call=candidacies[0].call, user=manager)
    same = list(
        cohort.members.filter(dossier__establishment__department_id="14").values_list("pk", flat=True)
    )
    client.force_login(manager)
    response = client.post(
        reverse("support:hosts", args=[cohort.call.code, cohort.pk]), {"hosts": same}, follow=True
    )
    assert set(cohort.members.filter(host=True).values_list("pk", flat=True)) == set(same)
    assert "même département" in response.content.decode()


@pytest.mark.django_db
def test_the_cohort_page_runs_a_flat_number_of_queries(client, normandie, manager):
    from .conftest import candidacy

    client.force_login(manager)
    url = reverse("support:cohorts", args=[normandie.code])

    def grow():
        dossier = candidacy(normandie, manager, "14")
        selection_decide(dossier=dossier, user=manager, outcome="retained")
        cohort_build(call=normandie, user=manager)

    grow()
    assert_flat_queries(client, url, grow)
