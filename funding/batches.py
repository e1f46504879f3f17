"""Batches of letters (notification, selection): one runner for both, resumable (« Relancer ») when it stopped.

Each dossier is notified in its own transaction — the transition first (the claim: of two runners, one wins),
then the letter's file and row, the progress and the e-mail — so a batch stopped anywhere has notified each
dossier wholly or not at all, and its next run takes up the dossiers not yet notified, and only them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from calls.models import Call
from dossiers.models import Dossier
from dossiers.services import DossierError, transition_apply
from dossiers.workflow import TransitionError
from mailing.enums import OutboxStatus
from mailing.models import OutboxMessage
from mailing.services import outbox_retry
from qvct.storage import file_save, files_atomic

from .models import Letter, NotificationBatch, NotificationBatchResume


@dataclass(frozen=True)
class LetterKind:
    """What differs from one batch of letters to another."""

    pending: Callable[[Call], QuerySet]  # the dossiers still to notify, ordered, with what the letter reads
    letter: Callable[[Dossier, dt.date], bytes]  # the PDF (its HTML rendered)
    outcome: Callable[[Dossier], tuple[Decimal, str]]  # amount granted, and the history's line
    # In the dossier's transaction, after its letter: the e-mail (and what the notification carries with it).
    send: Callable[[Dossier, Decimal, bytes], OutboxMessage | None]
    running_message: str  # refusal of a second batch while one runs
    nothing_message: str  # refusal of a batch with no dossier to notify


class Superseded(Exception):
    """A « Relancer » started another run of the batch: this one stops."""


def batch_launch(*, call: Call, user, kind: LetterKind, task) -> NotificationBatch:
    """Creates the batch of every dossier still to notify and queues its run (`task(batch_id, attempt)`)."""
    current = NotificationBatch.objects.filter(call=call, finished_at__isnull=True).first()
    if current is not None:
        if current.stalled:
            raise DossierError("Un lot s'est arrêté sans finir : relancez-le (bouton « Relancer » du lot).")
        raise DossierError(kind.running_message)
    total = kind.pending(call).count()
    if not total:
        raise DossierError(kind.nothing_message)
    with transaction.atomic():
        batch = NotificationBatch.objects.create(
            call=call, launched_by=user, total=total, progressed_at=timezone.now()
        )
        requeue_failed_emails(call)
        transaction.on_commit(lambda: task.enqueue(batch.pk, 0))
    return batch


def requeue_failed_emails(call: Call) -> int:
    """The letter e-mails of the call abandoned after their attempts go back in the outbox: the same message,
    with fresh attempts (never a second one, so never a double e-mail)."""
    failed = list(_failed_emails(call))
    for message in failed:
        outbox_retry(message=message)
    return len(failed)


def batch_resume(*, batch: NotificationBatch, user, kind: LetterKind, task) -> NotificationBatch:
    """« Relancer »: a new run of a stopped batch for the dossiers not yet notified; recorded with the batch."""
    with transaction.atomic():
        locked = NotificationBatch.objects.select_for_update().get(pk=batch.pk)
        if NotificationBatch.objects.filter(call=locked.call, pk__gt=locked.pk).exists():
            raise DossierError("Un lot plus récent a été lancé depuis : c'est lui qu'il faut relancer.")
        if locked.running:
            raise DossierError(
                "Ce lot avance encore : attendez qu'il finisse, ou qu'il s'arrête, pour le relancer."
            )
        if not locked.stopped and not _failed_emails(locked.call).exists():
            raise DossierError("Ce lot est terminé et ses courriels sont partis : il n'y a rien à relancer.")
        attempt = locked.attempt + 1
        remaining = kind.pending(locked.call).count()
        requeued = requeue_failed_emails(locked.call)
        NotificationBatchResume.objects.create(
            batch=locked,
            resumed_by=user,
            done=locked.done,
            emails_requeued=requeued,
            error=locked.error or ("" if locked.finished_at else "sans nouvelles du lot"),
        )
        now = timezone.now()
        NotificationBatch.objects.filter(pk=locked.pk).update(
            attempt=attempt,
            total=locked.done + remaining,
            finished_at=None if remaining else now,
            error="",
            progressed_at=now,
        )
        if remaining:
            transaction.on_commit(lambda: task.enqueue(locked.pk, attempt))
    locked.refresh_from_db()
    return locked


def _failed_emails(call: Call) -> QuerySet:
    return OutboxMessage.objects.filter(
        status=OutboxStatus.FAILED, pk__in=Letter.objects.filter(dossier__call=call).values("message")
    )


def failed_email_count(call: Call) -> int:
    return _failed_emails(call).count()


def batch_run(batch_id: int, kind: LetterKind, attempt: int = 0) -> int:
    """Writes, stores and sends each letter, then marks the dossier notified; counts progress as it goes."""
    batch = NotificationBatch.objects.select_related("call", "launched_by").get(pk=batch_id)
    if batch.attempt != attempt or batch.finished_at is not None:
        return 0  # an earlier run, superseded by « Relancer »
    today = timezone.localdate()
    sent = 0
    try:
        for dossier in kind.pending(batch.call):
            pdf = kind.letter(dossier, today)
            granted, summary = kind.outcome(dossier)
            try:
                _notify(batch, attempt, dossier, pdf, granted, summary, kind)
            except TransitionError:
                continue  # notified meanwhile by another run: untouched
            sent += 1
    except Superseded:
        return sent
    except Exception as error:  # the batch page must say what stopped it
        NotificationBatch.objects.filter(pk=batch.pk, attempt=attempt).update(
            error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    NotificationBatch.objects.filter(pk=batch.pk, attempt=attempt).update(finished_at=timezone.now())
    return sent


def _notify(batch, attempt, dossier, pdf: bytes, granted: Decimal, summary: str, kind: LetterKind) -> None:
    with files_atomic():
        transition_apply(dossier, batch.launched_by, "notify", summary)
        progressed = NotificationBatch.objects.filter(pk=batch.pk, attempt=attempt).update(
            done=F("done") + 1, progressed_at=timezone.now()
        )
        if not progressed:
            raise Superseded
        letter = Letter(dossier=dossier, batch=batch, granted=granted)
        file_save(letter.file, f"{dossier.reference}.pdf", ContentFile(pdf))
        # With the letter and the transition: a dossier is never notified without its e-mail.
        letter.message = kind.send(dossier, granted, pdf)
        letter.save()


def batches_context(call: Call, url: str, resume_name: str) -> dict:
    """The batches of the call for their page (in a fixed number of queries), and whether one still runs."""
    batches = list(NotificationBatch.objects.filter(call=call).select_related("launched_by"))
    resumes: dict[int, list] = {}
    # One query whatever the number of batches (a prefetch would skip it when there are none).
    for resume in NotificationBatchResume.objects.filter(batch__call=call).select_related("resumed_by"):
        resumes.setdefault(resume.batch_id, []).append(resume)
    for batch in batches:
        batch.resume_list = resumes.get(batch.pk, [])
    return {
        "batches": batches,
        "running": any(batch.running for batch in batches),
        "failed_emails": failed_email_count(call),
        "batches_url": url,
        "resume_name": resume_name,
    }
