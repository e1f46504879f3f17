"""E-mails of the follow-up, written to the outbox (mailing) in the transaction of the change they tell of."""

from django.conf import settings
from django.template.loader import render_to_string

from dossiers.notifications import agency_recipients, dossier_recipients
from mailing.services import outbox_enqueue


def _send(template: str, subject: str, to, context: dict, *, one_each: bool = False) -> None:
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    if one_each:
        # One e-mail per co-editor: each reads their own reminder, none sees the others' addresses.
        for email in to:
            outbox_enqueue(subject=subject, body=body, to=[email])
    else:
        outbox_enqueue(subject=subject, body=body, to=to)


def line_decided_send(line) -> None:
    dossier = line.action_follow_up.follow_up.dossier
    _send(
        "monitoring/emails/line_decided.txt",
        f"Dépense {line.get_status_display().lower()} — dossier {dossier.reference}",
        dossier_recipients(dossier),
        {"dossier": dossier, "line": line},
    )


def report_submitted_send(report) -> None:
    dossier = report.follow_up.dossier
    _send(
        "monitoring/emails/report_submitted.txt",
        f"{report.get_kind_display()} transmis — dossier {dossier.reference}",
        agency_recipients(dossier),
        {"dossier": dossier, "report": report},
    )


def report_reminder_send(report, *, late: bool) -> None:
    dossier = report.follow_up.dossier
    subject = (
        f"Compte rendu en retard — dossier {dossier.reference}"
        if late
        else f"Rappel : compte rendu attendu — dossier {dossier.reference}"
    )
    _send(
        "monitoring/emails/reminder.txt",
        subject,
        dossier_recipients(dossier),
        {"dossier": dossier, "report": report, "late": late},
        one_each=True,
    )


def closing_send(closing) -> None:
    dossier = closing.follow_up.dossier
    _send(
        "monitoring/emails/closing.txt",
        f"Clôture du suivi — dossier {dossier.reference}",
        dossier_recipients(dossier),
        {"dossier": dossier, "closing": closing},
    )
