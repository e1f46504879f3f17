"""Reminders of the reports: `QVCT_REPORT_REMINDER_DAYS` days before each due date (7 unless set) and once it is
late, each once, to every co-editor; sent by `qvct remind` and by the worker's daily task."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dossiers.enums import EventKind as DossierEventKind
from dossiers.history import event_record
from eligibility.wording import french_date

from . import notifications
from .enums import EventKind, ReportStatus
from .journal import event_write
from .models import Report
from .schedule import reminder_due


def reminders_send(today: dt.date | None = None) -> int:
    """E-mails each co-editor of a dossier whose report is due within the reminder days, and again once it is late.

    Each reminder once: a conditional update marks the report before the e-mails are written, in the same
    transaction. Written to the follow-up's and the dossier's history. Returns the number of reminders.
    """
    today = today or timezone.localdate()
    days_before = settings.QVCT_REPORT_REMINDER_DAYS
    expected = (
        Report.objects.filter(
            status=ReportStatus.EXPECTED,
            follow_up__closed_at__isnull=True,
            due_on__lte=today + dt.timedelta(days=days_before),
        )
        .filter(
            # Not yet reminded for what today calls for.
            reminded_late_at__isnull=True
        )
        .select_related("follow_up__dossier__call", "follow_up__dossier__created_by")
    )
    sent = 0
    for report in expected:
        which = reminder_due(due_on=report.due_on, today=today, days_before=days_before)
        if which is None:
            continue
        column = "reminded_before_at" if which == "before" else "reminded_late_at"
        with transaction.atomic():
            if not Report.objects.filter(pk=report.pk, **{f"{column}__isnull": True}).update(
                **{column: timezone.now()}
            ):
                continue
            dossier = report.follow_up.dossier
            summary = (
                f"Relance : {report.get_kind_display().lower()} attendu le {french_date(report.due_on)}"
                if which == "before"
                else f"Relance : {report.get_kind_display().lower()} en retard (attendu le {french_date(report.due_on)})"
            )
            event_write(
                report.follow_up, None, EventKind.REMINDER, summary, report=report, data={"which": which}
            )
            event_record(dossier=dossier, actor=None, kind=DossierEventKind.REMINDER, summary=summary)
            notifications.report_reminder_send(report, late=which == "late")
        sent += 1
    return sent
