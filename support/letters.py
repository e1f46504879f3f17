"""The selection letters of a support programme: one PDF per decided candidacy, e-mailed, in a background batch."""

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
from funding.batches import LetterKind, batch_launch, batch_resume, batch_run
from funding.models import NotificationBatch
from mailing.services import Attachment, outbox_enqueue
from qvct.pdf import render_pdf

from .models import Selection

DECIDED = (DossierStatus.SELECTED, DossierStatus.WAITLISTED, DossierStatus.NOT_SELECTED)


def letter_html(dossier: Dossier, selection: Selection, today: dt.date) -> str:
    return render_to_string(
        "support/pdf/letter.html",
        {
            "dossier": dossier,
            "call": dossier.call,
            "program": dossier.call.spec.program,
            "establishment": dossier.establishment,
            "selection": selection,
            "today": today,
            "generated_at": timezone.localtime(),
        },
    )


def _pending(call: Call):
    return (
        Dossier.objects.filter(call=call, status__in=DECIDED)
        .select_related("call", "establishment", "created_by", "selection")
        .prefetch_related("editors", "establishment__members")
        .order_by("number")
    )


def _send(dossier: Dossier, granted, pdf: bytes):
    return outbox_enqueue(
        subject=f"Votre candidature {dossier.reference} — {dossier.call.short_title}",
        body=render_to_string(
            "support/emails/letter.txt",
            {"dossier": dossier, "selection": dossier.selection, "site_url": settings.SITE_URL},
        ),
        to=dossier_recipients(dossier),
        attachments=[Attachment(f"decision-{dossier.reference}.pdf", "application/pdf", content=pdf)],
    )


SELECTION_LETTERS = LetterKind(
    pending=_pending,
    letter=lambda dossier, today: render_pdf(letter_html(dossier, dossier.selection, today)),
    outcome=lambda dossier: (
        Decimal(0),
        f"Décision notifiée : {dossier.selection.get_outcome_display().lower()}",
    ),
    send=_send,
    running_message="Un lot de lettres est déjà en cours.",
    nothing_message="Aucune candidature à notifier : décidez d'abord, ou toutes sont déjà notifiées.",
)


def selection_letters_launch(*, call: Call, user) -> NotificationBatch:
    """Starts the batch of letters of every decided candidacy not yet notified."""
    return batch_launch(call=call, user=user, kind=SELECTION_LETTERS, task=selection_letters_run)


def selection_letters_resume(*, batch: NotificationBatch, user) -> NotificationBatch:
    """« Relancer » a stopped batch: the candidacies not yet notified, and the letter e-mails abandoned."""
    return batch_resume(batch=batch, user=user, kind=SELECTION_LETTERS, task=selection_letters_run)


@task()
def selection_letters_run(batch_id: int, attempt: int = 0) -> int:
    """Writes, stores and sends each letter, then marks the candidacy notified (`funding.batches`)."""
    return batch_run(batch_id, SELECTION_LETTERS, attempt)
