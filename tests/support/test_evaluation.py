"""The establishment's own evaluation of its approach, and actions marked transversal, on the intersession log."""

import pytest
from django.urls import reverse

from support.models import Experiment, SelfEvaluation
from support.selection import selection_decide
from support.services import cohort_build

pytestmark = pytest.mark.django_db

FILLED = {
    "v-agents_involved": "38",
    "v-actions_done": "3",
    "v-actions_continued": "2",
    "v-appreciation": "4",
    "v-changes": "Les transmissions se font sans interruption.",
    "v-difficulties": "Le temps de remplacement.",
    "v-next_steps": "Étendre aux unités de nuit.",
}


@pytest.fixture
def member(candidacies, manager):
    for dossier in candidacies[:5]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    return cohort_build(call=candidacies[0].call, user=manager).members.select_related("dossier").first()


def _post(client, member, **changes):
    url = reverse("support:log_evaluation", args=[member.dossier.reference])
    return client.post(url, {**FILLED, **changes}, follow=True)


def test_the_trinome_fills_in_its_evaluation_from_the_log_page(client, member):
    client.force_login(member.dossier.created_by)
    page = client.get(reverse("support:log", args=[member.dossier.reference])).content.decode()
    assert "Remplir l'évaluation" in page and "Très satisfaisante" in page
    response = _post(client, member)
    evaluation = SelfEvaluation.objects.get(member=member)
    assert (evaluation.agents_involved, evaluation.actions_done, evaluation.actions_continued) == (38, 3, 2)
    assert evaluation.appreciation == 4 and evaluation.author == member.dossier.created_by
    page = response.content.decode()
    assert "Évaluation de l&#x27;établissement enregistrée." in page
    assert "4 — Satisfaisante" in page and "Étendre aux unités de nuit." in page


def test_filling_the_evaluation_again_updates_the_only_one(client, member):
    client.force_login(member.dossier.created_by)
    _post(client, member)
    _post(client, member, **{"v-appreciation": "5"})
    assert SelfEvaluation.objects.get(member=member).appreciation == 5
    assert SelfEvaluation.objects.count() == 1


def test_more_actions_continued_than_done_is_refused_in_french(client, member):
    client.force_login(member.dossier.created_by)
    page = _post(client, member, **{"v-actions_continued": "4"}).content.decode()
    assert "Les actions poursuivies ne peuvent pas dépasser les actions menées." in page
    assert not SelfEvaluation.objects.exists()


def test_a_missing_appreciation_and_a_negative_count_are_refused_in_french(client, member):
    client.force_login(member.dossier.created_by)
    page = _post(client, member, **{"v-appreciation": "", "v-agents_involved": "-1"}).content.decode()
    assert "Rien n&#x27;a été enregistré." in page
    assert "Choisissez une appréciation entre 1 et 5." in page
    assert "Le nombre ne peut pas être négatif." in page
    assert not SelfEvaluation.objects.exists()


def test_a_too_long_evaluation_text_is_refused_in_french(client, member):
    client.force_login(member.dossier.created_by)
    page = _post(client, member, **{"v-changes": "x" * 3001}).content.decode()
    assert "Rien n&#x27;a été enregistré." in page and "caractères maximum" in page
    assert not SelfEvaluation.objects.exists()


def test_the_facilitator_fills_it_in_for_the_establishment_and_the_ars_reads_it(
    client, member, aract, manager
):
    client.force_login(aract)
    _post(client, member)
    assert SelfEvaluation.objects.get(member=member).author == aract
    client.force_login(manager)
    page = client.get(reverse("support:log", args=[member.dossier.reference])).content.decode()
    assert "Les transmissions se font sans interruption." in page
    assert "Enregistrer l'évaluation" not in page
    assert (
        client.post(reverse("support:log_evaluation", args=[member.dossier.reference]), FILLED).status_code
        == 403
    )


def test_another_establishment_cannot_fill_in_the_evaluation(client, member, candidacies):
    client.force_login(candidacies[6].created_by)
    url = reverse("support:log_evaluation", args=[member.dossier.reference])
    assert client.post(url, FILLED).status_code == 404
    assert not SelfEvaluation.objects.exists()


def test_an_experiment_is_marked_transversal_from_its_form_and_its_adjustments(client, member):
    client.force_login(member.dossier.created_by)
    client.post(
        reverse("support:log_experiment", args=[member.dossier.reference]),
        {
            "x-title": "Charte de déconnexion",
            "x-starts_on": "2024-04-01",
            "x-ends_on": "2024-09-30",
            "x-indicators": "Messages hors horaires (nombre)",
            "x-transversal": "on",
        },
    )
    experiment = Experiment.objects.get()
    assert experiment.transversal
    page = client.get(reverse("support:log", args=[member.dossier.reference])).content.decode()
    assert "Action transversale" in page
    client.post(
        reverse("support:log_adjust", args=[member.dossier.reference, experiment.pk]),
        {f"a{experiment.pk}-adjustments": "Étendue à la nuit"},
    )
    experiment.refresh_from_db()
    assert not experiment.transversal and experiment.adjustments == "Étendue à la nuit"
