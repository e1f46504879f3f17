"""Attendance per session and trinôme member, the rates, and the sign-in sheet of a collective session."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dossiers.models import TrinomeMember
from support.attendance import attendance_rates, attendance_record, expected_people
from support.models import Attendance, Session
from support.selection import selection_decide
from support.services import cohort_build
from support.sessions import plan_generate
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(candidacies, manager):
    for dossier in candidacies[:5]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    cohort = cohort_build(call=candidacies[0].call, user=manager)
    plan_generate(cohort=cohort, user=manager)
    return cohort


def first_collective(cohort):
    return Session.objects.filter(cohort=cohort, kind="collective").order_by("starts_at").first()


def test_a_collective_session_expects_every_trinome_and_an_individual_one_its_own(cohort):
    assert len(expected_people(first_collective(cohort))) == 5 * 3
    individual = Session.objects.filter(cohort=cohort, kind="individual").first()
    assert {p.dossier_id for p in expected_people(individual)} == {individual.member.dossier_id}


def test_the_facilitator_records_attendance_at_the_first_session(client, cohort, aract):
    session = first_collective(cohort)
    people = expected_people(session)
    client.force_login(aract)
    url = reverse("support:attendance", args=[cohort.call.code, cohort.pk, session.pk])
    assert people[0].name in client.get(url).content.decode()
    client.post(url, {"present": [p.pk for p in people[:10]]})
    assert Attendance.objects.filter(session=session, present=True).count() == 10
    assert Attendance.objects.filter(session=session, present=False).count() == 5


def test_attendance_of_someone_outside_the_session_is_refused(cohort, aract, normandie, manager):
    from .conftest import candidacy

    stranger = TrinomeMember.objects.filter(dossier=candidacy(normandie, manager, "14")).first()
    with pytest.raises(Exception, match="parmi les membres"):
        attendance_record(session=first_collective(cohort), present_ids={stranger.pk}, user=aract)
    assert not Attendance.objects.exists()


def test_the_rate_is_the_share_of_recorded_attendances_present(cohort, aract):
    session = first_collective(cohort)
    people = expected_people(session)
    member = cohort.members.get(dossier=people[0].dossier)
    mine = [p.pk for p in people if p.dossier_id == member.dossier_id]
    attendance_record(session=session, present_ids=set(mine[:2]), user=aract)
    rate = attendance_rates(list(cohort.members.all()))[member.pk]
    assert (rate.present, rate.recorded) == (2, 3)


def test_the_sign_in_sheet_lists_every_trinome_member_with_the_mention(client, cohort, aract):
    session = first_collective(cohort)
    client.force_login(aract)
    response = client.get(reverse("support:sign_in_sheet", args=[cohort.call.code, cohort.pk, session.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Feuille d'émargement" in text and "Nadia Haddad" in text
    assert "Avec le soutien de l'ARS Normandie et de l'ARACT" in text


def test_the_attendance_page_runs_a_flat_number_of_queries(client, cohort, aract, normandie, manager):
    from .conftest import candidacy

    session = first_collective(cohort)
    client.force_login(aract)

    def grow():
        dossier = candidacy(normandie, manager, "61")
        selection_decide(dossier=dossier, user=manager, outcome="retained")
        cohort_build(call=normandie, user=manager)

    assert_flat_queries(
        client, reverse("support:attendance", args=[cohort.call.code, cohort.pk, session.pk]), grow
    )
