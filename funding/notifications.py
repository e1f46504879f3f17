"""Notification letters: one PDF per decided dossier, e-mailed, run as a background batch with its progress."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.notifications import dossier_recipients
from dossiers.services import DossierError, transition_apply
from mailing.services import Attachment, outbox_enqueue
from qvct.formats import euros
from qvct.pdf import render_pdf

from .models import Decision, Letter, NotificationBatch, Scenario
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


def notifications_launch(*, call: Call, user, today: dt.date | None = None) -> NotificationBatch:
    """Starts the batch of letters; refused before the call's notification date or before validation."""
    today = today or timezone.localdate()
    notification_from = call.spec.calendar.notification_from
    if notification_from and today < notification_from:
        raise DossierError(
            f"Les notifications partent à partir du {notification_from:%d/%m/%Y} (calendrier de l'appel)."
        )
    if not Scenario.objects.filter(call=call, validated_at__isnull=False).exists():
        raise DossierError("Validez d'abord les décisions de financement.")
    if NotificationBatch.objects.filter(call=call, finished_at__isnull=True).exists():
        raise DossierError("Un lot de notifications est déjà en cours.")
    total = Dossier.objects.filter(call=call, status__in=DECIDED).count()
    if not total:
        raise DossierError("Aucun dossier à notifier : toutes les décisions sont déjà notifiées.")
    with transaction.atomic():
        batch = NotificationBatch.objects.create(call=call, launched_by=user, total=total)
        transaction.on_commit(lambda: notification_batch_run.enqueue(batch.pk))
    return batch


@task()
def notification_batch_run(batch_id: int) -> int:
    """Writes, stores and sends each letter, then marks the dossier notified; counts progress as it goes."""
    batch = NotificationBatch.objects.select_related("call", "launched_by").get(pk=batch_id)
    dossiers = (
        Dossier.objects.filter(call=batch.call, status__in=DECIDED)
        .select_related("call", "establishment", "created_by")
        .prefetch_related("decisions__action", "editors", "establishment__members")
        .order_by("number")
    )
    today = timezone.localdate()
    sent = 0
    try:
        for dossier in dossiers:
            decisions = sorted(dossier.decisions.all(), key=lambda d: d.action.position)
            pdf = letter_pdf(dossier, decisions, today)
            granted = sum((d.granted for d in decisions), Decimal(0))
            with transaction.atomic():
                if granted:
                    recoveries().deductions_mark(dossier, recoveries().deductions_for(dossier)[0])
                letter = Letter(dossier=dossier, batch=batch, granted=granted)
                letter.file.save(f"{dossier.reference}.pdf", ContentFile(pdf), save=False)
                letter.save()
                transition_apply(
                    dossier,
                    batch.launched_by,
                    "notify",
                    f"Décision notifiée : {'retenu, ' + euros(granted) if granted else 'non retenu'}",
                )
                NotificationBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1)
                # With the letter and the transition: a dossier is never notified without its e-mail.
                outbox_enqueue(
                    subject=f"Décision de financement — dossier {dossier.reference}",
                    body=render_to_string(
                        "funding/emails/letter.txt",
                        {
                            "dossier": dossier,
                            "call": dossier.call,
                            "granted": granted,
                            "site_url": settings.SITE_URL,
                        },
                    ),
                    to=dossier_recipients(dossier),
                    attachments=[
                        Attachment(f"notification-{dossier.reference}.pdf", "application/pdf", content=pdf)
                    ],
                )
            sent += 1
    except Exception as error:  # the batch page must say what stopped it
        NotificationBatch.objects.filter(pk=batch.pk).update(
            error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    NotificationBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now())
    return sent
