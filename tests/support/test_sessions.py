"""The session plan: generated from the call definition, edited, sent to the trinômes, read as .ics feeds."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from dossiers.services import DossierError
from support.models import Session
from support.plan import PlanInput, collective_lengths, plan_sessions
from support.selection import selection_decide
from support.services import cohort_build
from support.sessions import plan_generate, session_update, sessions_invite
from tests.helpers import assert_flat_queries

PARIS = ZoneInfo("Europe/Paris")


def test_six_collective_sessions_total_five_and_a_half_days():
    assert collective_lengths(6, Decimal("5.5")) == [Decimal(1)] * 5 + [Decimal("0.5")]


def test_the_plan_alternates_hosts_and_places_individual_sessions_between_collective_ones():
    data = PlanInput(
        6, Decimal("5.5"), 4, dt.date(2024, 1, 1), dt.date(2024, 12, 31), (1, 2, 3), (1, 2, 3, 4, 5)
    )
    sessions = plan_sessions(data)
    collective = [s for s in sessions if s.kind == "collective"]
    individual = [s for s in sessions if s.kind == "individual"]
    assert [s.host for s in collective] == [1, 2, 3, 1, 2, 3]
    assert len(individual) == 4 * 5
    for s in individual:
        assert collective[s.number - 1].day < s.day < collective[s.number].day


@pytest.fixture
def cohort(candidacies, manager):
    for dossier in candidacies[:5]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    return cohort_build(call=candidacies[0].call, user=manager)


@pytest.mark.django_db
def test_the_plan_is_generated_from_the_call_definition(cohort, manager):
    assert plan_generate(cohort=cohort, user=manager) == 6 + 4 * 5
    collective = list(Session.objects.filter(cohort=cohort, kind="collective"))
    hours = sum((s.ends_at - s.starts_at for s in collective), dt.timedelta())
    assert hours == dt.timedelta(hours=5 * 7 + 3)
    assert all(s.host_id for s in collective) and "Retours d'expérience" in collective[0].agenda
    with pytest.raises(DossierError, match="existe déjà"):
        plan_generate(cohort=cohort, user=manager)


@pytest.mark.django_db
def test_the_cohort_feed_holds_every_session_at_its_local_time_across_the_october_change(
    client, cohort, manager
):
    plan_generate(cohort=cohort, user=manager)
    client.force_login(manager)
    response = client.get(reverse("support:cohort_ics", args=[cohort.call.code, cohort.pk]))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = calendar.walk("VEVENT")
    assert len(events) == Session.objects.filter(cohort=cohort).count()
    starts = sorted(e.decoded("DTSTART") for e in events if "Temps collectif" in str(e["SUMMARY"]))
    october, december = starts[4], starts[5]
    assert (october.date(), december.date()) == (dt.date(2024, 10, 1), dt.date(2024, 12, 3))
    assert october.hour == december.hour == 9 and october.minute == 30
    assert october.utcoffset() == dt.timedelta(hours=2) and december.utcoffset() == dt.timedelta(hours=1)
    assert all(e["DTSTART"].params["TZID"] == "Europe/Paris" for e in events)


@pytest.mark.django_db
def test_an_edited_session_moves_in_the_feed_at_its_local_time(client, cohort, manager):
    plan_generate(cohort=cohort, user=manager)
    session = Session.objects.filter(cohort=cohort, kind="collective").first()
    session_update(
        session=session,
        day=dt.date(2024, 10, 29),
        start=dt.time(14),
        end=dt.time(17),
        host_id=None,
        agenda="Bilan",
    )
    client.force_login(manager)
    response = client.get(reverse("support:cohort_ics", args=[cohort.call.code, cohort.pk]))
    [event] = [
        e
        for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        if e["UID"] == f"seance-{session.pk}@guichet-qvct"
    ]
    assert event.decoded("DTSTART") == dt.datetime(2024, 10, 29, 14, tzinfo=PARIS)


@pytest.mark.django_db
def test_the_establishment_feed_holds_the_collective_and_its_own_sessions(client, cohort, manager):
    plan_generate(cohort=cohort, user=manager)
    member = cohort.members.first()
    client.force_login(member.dossier.created_by)
    response = client.get(reverse("support:establishment_ics", args=[member.dossier.reference]))
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 6 + 4
    other = cohort.members.exclude(pk=member.pk).first()
    assert client.get(reverse("support:establishment_ics", args=[other.dossier.reference])).status_code == 404


@pytest.mark.django_db
def test_the_trinomes_receive_their_calendar(cohort, manager, mailoutbox):
    plan_generate(cohort=cohort, user=manager)
    mailoutbox.clear()
    assert sessions_invite(cohort=cohort, user=manager) == 5
    assert len(mailoutbox) == 5 and mailoutbox[0].attachments[0][2].startswith("text/calendar")
    assert "Temps collectif n° 1" in mailoutbox[0].body


@pytest.mark.django_db
def test_the_session_form_refuses_an_end_before_the_start_in_french(client, cohort, manager):
    plan_generate(cohort=cohort, user=manager)
    session = Session.objects.filter(cohort=cohort).first()
    client.force_login(manager)
    response = client.post(
        reverse("support:session_edit", args=[cohort.call.code, cohort.pk, session.pk]),
        {"day": "2024-03-05", "start": "16:00", "end": "10:00", "host": "", "agenda": ""},
    )
    assert "L'heure de fin doit suivre" in response.content.decode().replace("&#x27;", "'")


@pytest.mark.django_db
def test_the_plan_page_runs_a_flat_number_of_queries(client, cohort, manager, normandie):
    from .conftest import candidacy

    plan_generate(cohort=cohort, user=manager)
    client.force_login(manager)

    def grow():
        dossier = candidacy(normandie, manager, "61")
        selection_decide(dossier=dossier, user=manager, outcome="retained")
        cohort_build(call=normandie, user=manager)
        Session.objects.create(
            cohort=cohort,
            kind="individual",
            number=1,
            member=dossier.cohort_membership,
            starts_at=dt.datetime(2024, 3, 7, 9, 30, tzinfo=PARIS),
            ends_at=dt.datetime(2024, 3, 7, 11, tzinfo=PARIS),
        )

    assert_flat_queries(client, reverse("support:plan", args=[cohort.call.code, cohort.pk]), grow)


@pytest.mark.django_db
def test_the_porteur_reads_its_calendar_page(client, cohort, manager):
    plan_generate(cohort=cohort, user=manager)
    member = cohort.members.first()
    client.force_login(member.dossier.created_by)
    page = client.get(reverse("support:calendar", args=[member.dossier.reference])).content.decode()
    assert "Temps collectif n° 6" in page and "Temps individualisé n° 4" in page
