"""The demo's dossiers and open call: a calendar that starts from today and a history that holds together."""

import datetime as dt

from django.utils import timezone

from calls.calendar_shift import calendar_shift
from calls.definition import Calendar, Milestone
from demo.call import DEMO_CALL, demo_call_definition
from dossiers.enums import EventKind
from dossiers.models import Dossier, DossierEvent

CLACT_DEADLINE = dt.date(2024, 5, 10)


def test_the_demo_call_moves_every_date_of_clact_by_the_same_number_of_days():
    today = dt.date(2026, 11, 23)
    calendar = demo_call_definition(today).calendar
    delta = calendar.deadline.date() - CLACT_DEADLINE
    assert calendar.deadline.date() == today + dt.timedelta(days=60)
    assert calendar.instruction_start == dt.date(2024, 5, 14) + delta
    assert calendar.instruction_end == dt.date(2024, 8, 31) + delta
    assert calendar.notification_from == dt.date(2024, 10, 9) + delta
    assert calendar.convention_from == dt.date(2024, 10, 11) + delta
    assert calendar.consumption_deadline == dt.date(2026, 12, 31) + delta
    assert [milestone.date for milestone in calendar.milestones] == [
        dt.date(2024, 5, 10) + delta,
        dt.date(2024, 5, 14) + delta,
        dt.date(2024, 10, 9) + delta,
        dt.date(2024, 10, 11) + delta,
        dt.date(2026, 12, 31) + delta,
    ]
    assert calendar.deadline.strftime("%H:%M:%S") == "23:59:59"


def test_no_date_of_the_demo_call_is_in_2024_and_no_note_names_a_past_year():
    calendar = demo_call_definition(dt.date(2026, 11, 23)).calendar
    assert "2024" not in calendar.model_dump_json()


def test_the_demo_call_texts_follow_its_moved_calendar():
    definition = demo_call_definition(dt.date(2026, 11, 23))
    texts = definition.model_dump(mode="json", exclude={"calendar", "source", "summary"})
    assert "2024" not in str(texts) and "31/12/2026" not in str(texts)
    assert any(text.startswith("En 2026, l'ARS oriente") for text in definition.presentation)
    assert definition.previous_year_note.startswith("En 2025,")
    quoted = f"{definition.calendar.consumption_deadline:%d/%m/%Y}"
    assert any(quoted in rule.source for rule in definition.rules)
    # What the demo is a copy of is still said as it is.
    assert "CLACT 2024" in definition.summary and "CLACT 2024" in definition.source


def test_shifting_a_calendar_keeps_notes_without_a_year_and_leaves_missing_dates_missing():
    calendar = Calendar(
        deadline=dt.datetime(2024, 5, 10, 23, 59),
        milestones=[
            Milestone(label="Notification", date=dt.date(2024, 10, 9), note="à compter de cette date"),
            Milestone(label="Instruction", date=dt.date(2024, 5, 14), note="du 14 mai à fin août 2024"),
        ],
    )
    shifted = calendar_shift(calendar, dt.timedelta(days=10))
    assert shifted.opens_at is None and shifted.consumption_deadline is None
    assert shifted.deadline == calendar.deadline + dt.timedelta(days=10)
    assert [milestone.note for milestone in shifted.milestones] == ["à compter de cette date", ""]


def test_an_action_of_the_coming_months_on_the_demo_call_is_eligible(demo):
    from demo import dossiers as dossiers_demo
    from dossiers import services

    dossier = Dossier.objects.get(call__code=DEMO_CALL)
    porteur = dossier.created_by
    start = timezone.localdate() + dt.timedelta(days=30)
    dossiers_demo._fill_clact(
        dossier, porteur, [{**dossiers_demo.TMS, "start": start, "end": start + dt.timedelta(days=200)}]
    )
    result = services.dossier_check(dossier)
    # The establishment's CLACT 2022 left an action never started (demo.monitoring): the two-year warning only.
    assert [finding.code for finding in result.findings] == ["PRIOR_NOT_IMPLEMENTED_2Y"]


def test_every_demo_dossier_is_filled_by_people_of_its_establishment(demo):
    for dossier in Dossier.objects.exclude(status="draft").select_related("establishment"):
        writers = DossierEvent.objects.filter(
            dossier=dossier, kind__in=[EventKind.DOCUMENT_ADDED, EventKind.EDITED, EventKind.ACTION_ADDED]
        ).values_list("actor", flat=True)
        members = set(dossier.establishment.members.values_list("pk", flat=True))
        assert set(writers) <= members, dossier.reference
        assert dossier.created_by_id in members


def test_no_demo_dossier_is_created_or_edited_after_its_filing(demo):
    for dossier in Dossier.objects.exclude(submitted_at=None):
        filed = dossier.events.get(transition="submit")
        before = dossier.events.filter(pk__lt=filed.pk)
        assert before.exists()
        assert all(event.at < filed.at for event in before), dossier.reference
        assert dossier.created_at < dossier.submitted_at
        assert all(document.uploaded_at <= dossier.submitted_at for document in dossier.documents.all())


def test_the_demo_leaves_no_email_for_the_worker_to_print(demo):
    from mailing.enums import OutboxStatus
    from mailing.models import OutboxMessage

    assert OutboxMessage.objects.exists()
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
