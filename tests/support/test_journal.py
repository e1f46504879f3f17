"""The intersession log: the trinôme logs meetings, EDT and experiments; the ARACT adds notes; the ARS reads."""

import pytest
from django.urls import reverse

from support.models import Experiment, FacilitatorNote, Measurement, Meeting
from support.selection import selection_decide
from support.services import cohort_build
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(candidacies, manager):
    for dossier in candidacies[:5]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    return cohort_build(call=candidacies[0].call, user=manager).members.select_related("dossier").first()


def test_the_trinome_logs_an_edt(client, member):
    client.force_login(member.dossier.created_by)
    client.post(
        reverse("support:log_meeting", args=[member.dossier.reference]),
        {
            "m-kind": "edt",
            "m-held_on": "2024-03-12",
            "m-team": "Équipe de nuit, unité 2",
            "m-themes": "Transmissions entre équipes",
            "m-outcomes": "Fiche de transmission commune à tester",
        },
    )
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.team) == ("edt", "Équipe de nuit, unité 2")
    page = client.get(reverse("support:log", args=[member.dossier.reference])).content.decode()
    assert "Fiche de transmission commune à tester" in page


def test_the_trinome_logs_an_experiment_and_a_measurement(client, member):
    client.force_login(member.dossier.created_by)
    client.post(
        reverse("support:log_experiment", args=[member.dossier.reference]),
        {
            "x-title": "Horaires de relève décalés",
            "x-starts_on": "2024-04-01",
            "x-ends_on": "2024-09-30",
            "x-indicators": "Taux d'absentéisme (%)\nHeures supplémentaires (h)",
        },
    )
    experiment = Experiment.objects.get()
    indicator = experiment.indicators.get(name="Taux d'absentéisme")
    assert indicator.unit == "%"
    client.post(
        reverse("support:log_measurement", args=[member.dossier.reference, indicator.pk]),
        {f"e{experiment.pk}-measured_on": "2024-04-01", f"e{experiment.pk}-value": "11,5"},
    )
    assert str(Measurement.objects.get().value) == "11.50"


def test_an_experiment_ending_before_it_starts_is_refused_in_french(client, member):
    client.force_login(member.dossier.created_by)
    response = client.post(
        reverse("support:log_experiment", args=[member.dossier.reference]),
        {
            "x-title": "Essai",
            "x-starts_on": "2024-09-01",
            "x-ends_on": "2024-04-01",
            "x-indicators": "Taux (%)",
        },
        follow=True,
    )
    assert "La fin de l&#x27;expérimentation doit suivre son début" in response.content.decode()
    assert not Experiment.objects.exists()


def test_the_facilitator_adds_a_note_that_the_ars_reads(client, member, aract, manager):
    client.force_login(aract)
    client.post(
        reverse("support:log_note", args=[member.dossier.reference]), {"n-text": "Copil bien installé."}
    )
    assert FacilitatorNote.objects.get().author == aract
    client.force_login(manager)
    page = client.get(reverse("support:log", args=[member.dossier.reference])).content.decode()
    assert "Copil bien installé." in page and "Enregistrer la note" not in page
    assert (
        client.post(reverse("support:log_note", args=[member.dossier.reference]), {"n-text": "x"}).status_code
        == 403
    )


def test_another_establishment_cannot_read_the_log(client, member, candidacies):
    other = candidacies[6].created_by
    client.force_login(other)
    assert client.get(reverse("support:log", args=[member.dossier.reference])).status_code == 404


def test_the_log_page_runs_a_flat_number_of_queries(client, member, aract):
    from support import journal

    client.force_login(aract)

    def grow():
        import datetime as dt

        journal.meeting_add(
            member=member,
            user=aract,
            kind="copil",
            held_on=dt.date(2024, 2, 1),
            team="Copil",
            themes="Lancement",
            outcomes="",
        )
        experiment = journal.experiment_add(
            member=member,
            user=aract,
            title="Essai",
            description="",
            starts_on=dt.date(2024, 2, 1),
            ends_on=dt.date(2024, 6, 1),
            indicators="Taux (%)",
        )
        journal.measurement_add(
            indicator=experiment.indicators.get(), user=aract, measured_on=dt.date(2024, 3, 1), value=3
        )
        journal.note_add(member=member, user=aract, text="Note")

    grow()
    assert_flat_queries(client, reverse("support:log", args=[member.dossier.reference]), grow)
