"""Notification letters: one PDF per decided dossier, e-mailed, run as a background batch with its progress."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.notifications import dossier_recipients
from dossiers.services import DossierError
from mailing.services import Attachment, outbox_enqueue
from qvct.formats import date as french_date
from qvct.formats import euros
from qvct.pdf import render_pdf

from .batches import LetterKind, batch_launch, batch_resume, batch_run
from .models import Decision, NotificationBatch, Scenario
from .recoveries import recoveries

DECIDED = (DossierStatus.SELECTED, DossierStatus.NOT_SELECTED)


def letter_pdf(dossier: Dossier, decisions: list[Decision], today: dt.date) -> bytes:
    return render_pdf(letter_html(dossier, decisions, today))


def letter_html(dossier: Dossier, decisions: list[Decision], today: dt.date) -> str:
    """The letter signed by the call's signatory (call definition, `documents.signatory`)."""
    granted = sum((d.granted for d in decisions), Decimal(0))
    # A recovery of an earlier call is deducted from this notification of credits (monitoring).
    closings, deduction = recoveries().deductions_for(dossier) if granted else ([], Decimal(0))
    context = {
        "deductions": closings,
        "deduction": deduction,
        "net": max(Decimal(0), granted - deduction),
        "dossier": dossier,
        "call": dossier.call,
        "establishment": dossier.establishment,
        "decisions": decisions,
        "granted": granted,
        "today": today,
        "generated_at": timezone.localtime(),
    }
    return render_to_string("funding/pdf/letter.html", context)


def _pending(call: Call):
    return (
        Dossier.objects.filter(call=call, status__in=DECIDED)
        .select_related("call", "establishment", "created_by")
        .prefetch_related("decisions__action", "editors", "establishment__members")
        .order_by("number")
    )


def _decisions(dossier: Dossier) -> list[Decision]:
    return sorted(dossier.decisions.all(), key=lambda d: d.action.position)


def _outcome(dossier: Dossier) -> tuple[Decimal, str]:
    granted = sum((d.granted for d in _decisions(dossier)), Decimal(0))
    return granted, f"Décision notifiée : {'retenu, ' + euros(granted) if granted else 'non retenu'}"


def _send(dossier: Dossier, granted: Decimal, pdf: bytes):
    if granted:
        recoveries().deductions_mark(dossier, recoveries().deductions_for(dossier)[0])
    return outbox_enqueue(
        subject=f"Décision de financement — dossier {dossier.reference}",
        body=render_to_string(
            "funding/emails/letter.txt",
            {"dossier": dossier, "call": dossier.call, "granted": granted, "site_url": settings.SITE_URL},
        ),
        to=dossier_recipients(dossier),
        attachments=[Attachment(f"notification-{dossier.reference}.pdf", "application/pdf", content=pdf)],
    )


NOTIFICATIONS = LetterKind(
    pending=_pending,
    letter=lambda dossier, today: letter_pdf(dossier, _decisions(dossier), today),
    outcome=_outcome,
    send=_send,
    running_message="Un lot de notifications est déjà en cours.",
    nothing_message="Aucun dossier à notifier : toutes les décisions sont déjà notifiées.",
)


def notifications_launch(*, call: Call, user, today: dt.date | None = None) -> NotificationBatch:
    """Starts the batch of letters; refused before the call's notification date or before validation."""
    today = today or timezone.localdate()
    notification_from = call.spec.calendar.notification_from
    if notification_from and today < notification_from:
        raise DossierError(
            f"Les notifications partent à partir du {french_date(notification_from)} (calendrier de l'appel)."
        )
    if not Scenario.objects.filter(call=call, validated_at__isnull=False).exists():
        raise DossierError("Validez d'abord les décisions de financement.")
    return batch_launch(call=call, user=user, kind=NOTIFICATIONS, task=notification_batch_run)


def notifications_resume(*, batch: NotificationBatch, user) -> NotificationBatch:
    """« Relancer » a stopped batch: the dossiers not yet notified, and the letter e-mails abandoned."""
    return batch_resume(batch=batch, user=user, kind=NOTIFICATIONS, task=notification_batch_run)


@task()
def notification_batch_run(batch_id: int, attempt: int = 0) -> int:
    """Writes, stores and sends each letter, then marks the dossier notified (`funding.batches`)."""
    return batch_run(batch_id, NOTIFICATIONS, attempt)
