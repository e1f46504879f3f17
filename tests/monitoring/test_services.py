"""The follow-up's writes: opened at the signature, lines validated through the table, reports, closing."""

import datetime as dt
from decimal import Decimal

import pytest

from mailing.models import OutboxMessage
from monitoring import closing as closings
from monitoring import reminders, services
from monitoring.enums import LineStatus, Progress, ReportKind, ReportStatus
from monitoring.models import Closing, MonitoringEvent, Report, SpendingLine
from monitoring.workflow import LineTransitionError
from tests.dossiers.files import pdf_upload

pytestmark = pytest.mark.django_db


def _line(follow_up, user, amount, supplier="Ergonomia"):
    action = follow_up.actions.get()
    return services.line_add(
        action=action,
        user=user,
        invoice_date=dt.date(2025, 3, 1),
        supplier=supplier,
        amount=Decimal(amount),
        nature="equipment",
        upload=pdf_upload("facture.pdf"),
    )


def test_opened_at_signature_with_the_grant_and_the_call_schedule(follow_up):
    assert follow_up.granted == Decimal("12000.00") and follow_up.subsidy_rate == 50
    assert follow_up.consumption_deadline == dt.date(2026, 12, 31)
    assert [(r.kind, r.due_on) for r in follow_up.reports.all()] == [
        (ReportKind.INTERIM, dt.date(2025, 12, 31)),
        (ReportKind.FINAL, dt.date(2026, 12, 31)),
    ]
    assert follow_up.actions.get().granted == Decimal("12000.00")


def test_worked_example_through_the_services(follow_up, porteur, instructor, manager):
    first = _line(follow_up, porteur, "10000")
    second = _line(follow_up, porteur, "8000", supplier="Formacoop")
    rejected = _line(follow_up, porteur, "2000", supplier="Sans rapport")
    for line in (first, second):
        services.line_decide(line=line, user=instructor, decision="accept")
    services.line_decide(
        line=rejected, user=instructor, decision="reject", reason="Dépense courante, exclue."
    )
    figures = closings.follow_up_figures(follow_up)
    assert (figures.justified, figures.due, figures.to_recover) == (1_800_000, 800_000, 400_000)
    final = Report.objects.get(follow_up=follow_up, kind=ReportKind.FINAL)
    services.report_submit(report=final, user=porteur)
    closing = services.report_validate(report=Report.objects.get(pk=final.pk), user=manager)
    assert closing.justified == Decimal("18000.00") and closing.to_recover == Decimal("4000.00")
    assert closing.due == Decimal("8000.00")
    with closing.letter.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert Closing.objects.get().establishment == follow_up.dossier.establishment
    # Closed: nothing changes any more.
    with pytest.raises(services.MonitoringError):
        _line(follow_up, porteur, "100")


def test_rejecting_needs_a_reason_and_is_mailed_and_recorded(follow_up, porteur, instructor):
    line = _line(follow_up, porteur, "500")
    with pytest.raises(services.MonitoringError, match="motif"):
        services.line_decide(line=line, user=instructor, decision="reject", reason=" ")
    assert SpendingLine.objects.get(pk=line.pk).status == LineStatus.SUBMITTED
    before = OutboxMessage.objects.count()
    services.line_decide(line=line, user=instructor, decision="reject", reason="Facture illisible.")
    assert SpendingLine.objects.get(pk=line.pk).status == LineStatus.REJECTED
    event = MonitoringEvent.objects.get(line=line, transition="reject")
    assert event.reason == "Facture illisible." and event.actor == instructor
    assert "500,00\u00a0€" in event.summary
    message = OutboxMessage.objects.order_by("pk")[before]
    assert "Facture illisible." in message.body and "rejetée" in message.body
    with pytest.raises(LineTransitionError):
        services.line_decide(line=SpendingLine.objects.get(pk=line.pk), user=instructor, decision="accept")
    with pytest.raises(ValueError):
        event.save()


def test_a_document_is_requested_then_replaced(follow_up, porteur, instructor):
    line = _line(follow_up, porteur, "500")
    services.line_decide(
        line=line, user=instructor, decision="request_document", reason="Facture acquittée ?"
    )
    line = SpendingLine.objects.get(pk=line.pk)
    services.line_document_replace(line=line, user=porteur, upload=pdf_upload("acquittee.pdf"))
    assert SpendingLine.objects.get(pk=line.pk).status == LineStatus.SUBMITTED


def test_an_invoice_must_be_a_pdf(follow_up, porteur):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile("f.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    with pytest.raises(services.MonitoringError, match="doit être un PDF"):
        services.line_add(
            action=follow_up.actions.get(),
            user=porteur,
            invoice_date=dt.date(2025, 3, 1),
            supplier="X",
            amount=Decimal(10),
            nature="equipment",
            upload=png,
        )
    assert not SpendingLine.objects.exists()


def test_excluded_natures_are_refused(follow_up, porteur):
    with pytest.raises(services.MonitoringError, match="nature"):
        services.line_add(
            action=follow_up.actions.get(),
            user=porteur,
            invoice_date=dt.date(2025, 3, 1),
            supplier="X",
            amount=Decimal(10),
            nature="salary",
            upload=pdf_upload(),
        )


def test_progress_needs_its_dates_and_abandon_its_reason(follow_up, porteur):
    action = follow_up.actions.get()
    with pytest.raises(services.MonitoringError, match="commencé"):
        services.progress_set(action=action, user=porteur, progress=Progress.STARTED)
    with pytest.raises(services.MonitoringError, match="motif"):
        services.progress_set(action=action, user=porteur, progress=Progress.ABANDONED)
    services.progress_set(
        action=action, user=porteur, progress=Progress.STARTED, started_on=dt.date(2025, 1, 6)
    )
    action.refresh_from_db()
    assert action.progress == Progress.STARTED and action.started_on == dt.date(2025, 1, 6)


def test_reminder_seven_days_before_once_per_coeditor_then_late(follow_up, porteur):
    from tests.accounts.factories import UserFactory

    coeditor = UserFactory()
    follow_up.dossier.editors.add(coeditor)
    before = OutboxMessage.objects.count()
    assert reminders.reminders_send(today=dt.date(2025, 12, 23)) == 0  # eight days before
    assert reminders.reminders_send(today=dt.date(2025, 12, 24)) == 1
    sent = list(OutboxMessage.objects.order_by("pk")[before:])
    assert sorted(m.to[0] for m in sent) == sorted({porteur.email, coeditor.email})
    assert all(len(m.to) == 1 for m in sent)
    assert "31 décembre 2025" in sent[0].body
    assert reminders.reminders_send(today=dt.date(2025, 12, 25)) == 0  # once
    assert reminders.reminders_send(today=dt.date(2026, 1, 1)) == 1  # late, once
    assert reminders.reminders_send(today=dt.date(2026, 1, 2)) == 0
    assert follow_up.dossier.events.filter(kind="reminder").count() == 2
    assert MonitoringEvent.objects.filter(kind="reminder").count() == 2


def test_the_report_reminder_days_are_a_setting(follow_up, settings):
    settings.QVCT_REPORT_REMINDER_DAYS = 14
    assert reminders.reminders_send(today=dt.date(2025, 12, 16)) == 0  # fifteen days before
    assert reminders.reminders_send(today=dt.date(2025, 12, 17)) == 1


def test_the_final_report_closes_the_actions(follow_up, porteur):
    final = Report.objects.get(follow_up=follow_up, kind=ReportKind.FINAL)
    services.report_submit(report=final, user=porteur, comment="Tout est fait.")
    assert Report.objects.get(pk=final.pk).status == ReportStatus.SUBMITTED
    with pytest.raises(services.MonitoringError, match="clos"):
        _line(follow_up, porteur, "100")
    with pytest.raises(services.MonitoringError, match="déjà transmis"):
        services.report_submit(report=final, user=porteur)


def test_qvct_remind_sends_the_report_reminders(follow_up, settings):
    from io import StringIO

    from django.core.management import call_command

    Report.objects.filter(follow_up=follow_up, kind=ReportKind.INTERIM).update(due_on=dt.date.today())
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "1 relance(s) de compte rendu" in out.getvalue()


def test_the_worker_schedules_its_next_daily_run():
    from django.utils import timezone

    from monitoring.tasks import next_run

    now = timezone.make_aware(dt.datetime(2025, 12, 24, 9, 30))
    assert timezone.localtime(next_run(now)) == timezone.make_aware(dt.datetime(2025, 12, 25, 7, 0))
    early = timezone.make_aware(dt.datetime(2025, 12, 24, 6, 0))
    assert timezone.localtime(next_run(early)).date() == dt.date(2025, 12, 24)


def test_the_ars_moves_a_due_date_and_the_reminders_follow_it(follow_up, porteur, instructor):
    interim = Report.objects.get(follow_up=follow_up, kind=ReportKind.INTERIM)
    services.report_reschedule(report=interim, user=instructor, due_on=dt.date(2026, 3, 31))
    interim.refresh_from_db()
    assert interim.due_on == dt.date(2026, 3, 31)
    assert reminders.reminders_send(today=dt.date(2025, 12, 24)) == 0
    assert reminders.reminders_send(today=dt.date(2026, 3, 24)) == 1
    assert MonitoringEvent.objects.filter(kind="schedule", report=interim).exists()
    services.report_submit(report=interim, user=porteur)
    with pytest.raises(services.MonitoringError, match="déjà transmis"):
        services.report_reschedule(
            report=Report.objects.get(pk=interim.pk), user=instructor, due_on=dt.date(2026, 4, 30)
        )
    services.report_validate(report=Report.objects.get(pk=interim.pk), user=instructor)
    assert Report.objects.get(pk=interim.pk).status == ReportStatus.VALIDATED
    assert not Closing.objects.exists()  # only the final report closes


def test_the_manager_closes_the_follow_ups_past_their_deadline(follow_up, manager):
    call = follow_up.dossier.call
    assert closings.follow_ups_close_due(call=call, user=manager, today=dt.date(2026, 12, 31)) == 0
    assert closings.follow_ups_close_due(call=call, user=manager, today=dt.date(2027, 1, 1)) == 1
    closing = Closing.objects.get()
    assert closing.justified == 0 and closing.to_recover == Decimal("12000.00")
    assert closings.follow_ups_close_due(call=call, user=manager, today=dt.date(2027, 1, 2)) == 0


def test_the_board_counts_actions_not_started_a_year_after_the_grant(follow_up, porteur):
    from monitoring.selectors import BoardFilters, board_data

    call = follow_up.dossier.call
    data = board_data(call, BoardFilters(), today=dt.date(2025, 10, 14))
    assert data["totals"]["not_started"] == 0  # granted on 15 October 2024: not yet a year
    data = board_data(call, BoardFilters(), today=dt.date(2025, 10, 15))
    assert data["totals"]["not_started"] == 1
    assert data["by_axis"][0]["not_started"] == 1
    services.progress_set(
        action=follow_up.actions.get(),
        user=porteur,
        progress=Progress.STARTED,
        started_on=dt.date(2025, 1, 6),
    )
    assert board_data(call, BoardFilters(), today=dt.date(2025, 10, 15))["totals"]["not_started"] == 0
    late = board_data(call, BoardFilters(late=True), today=dt.date(2026, 1, 1))
    assert [row.late for row in late["rows"]] == [1]
    assert board_data(call, BoardFilters(late=True), today=dt.date(2025, 12, 31))["rows"] == []


def test_the_daily_run_is_queued_once_on_the_database_backend(settings):
    from django_tasks_db.models import DBTaskResult

    from monitoring.tasks import reminders_schedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert reminders_schedule() is True
    assert reminders_schedule() is False
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "monitoring.tasks.reminders_task" and queued.run_after > queued.enqueued_at


def test_an_invoice_clamd_could_not_analyse_is_analysed_again_by_qvct_rescan(
    follow_up, porteur, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from tests.dossiers.clamd import EICAR, FakeClamd
    from tests.dossiers.files import PDF

    path = str(tmp_path / "clamd.sock")
    settings.CLAMAV_SOCKET = path  # configured, but not answering yet
    action = follow_up.actions.get()
    with django_capture_on_commit_callbacks():
        line = services.line_add(
            action=action,
            user=porteur,
            invoice_date=dt.date(2025, 3, 1),
            supplier="Ergonomia",
            amount=Decimal("100"),
            nature="equipment",
            upload=pdf_upload("facture.pdf", content=PDF + EICAR),
        )
    assert SpendingLine.objects.get(pk=line.pk).scan_status == "pending"
    server = FakeClamd(path)
    server.start()
    try:
        call_command("scan_pending")
    finally:
        server.stop()
    assert SpendingLine.objects.get(pk=line.pk).scan_status == "infected"
