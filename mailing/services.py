"""Writes of the outbox: enqueue an e-mail inside the business transaction; deliver it later, with retries.

Delivery is at least once: a message is claimed by pushing its next attempt past a lease, so that two workers
never send it together and a worker killed while sending leaves it due again once the lease is over.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .enums import OutboxStatus
from .models import OutboxAttachment, OutboxMessage


@dataclass(frozen=True)
class Attachment:
    """Either `content`, or `renderer` (dotted path of `function(object_id) -> bytes`) called when sending."""

    filename: str
    content_type: str
    content: bytes = b""
    renderer: str = ""
    object_id: int | None = None


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # already sent, abandoned, not yet due or being sent by another worker


def outbox_enqueue(
    *, subject: str, body: str, to: Iterable[str], attachments: Iterable[Attachment] = (), reply_to=()
) -> OutboxMessage | None:
    """Writes the e-mail in the caller's transaction (rolled back with it); the worker sends it on commit."""
    from .tasks import outbox_deliver_task  # cycle: mailing.tasks imports this module's outbox_deliver

    recipients = sorted({email for email in to if email})
    if not recipients:
        return None
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            subject=subject[:300], body=body, to=recipients, reply_to=list(reply_to)
        )
        OutboxAttachment.objects.bulk_create(
            OutboxAttachment(
                message=message,
                filename=item.filename,
                content_type=item.content_type,
                content=item.content,
                renderer=item.renderer,
                object_id=item.object_id,
            )
            for item in attachments
        )
        transaction.on_commit(lambda: outbox_deliver_task.enqueue(message.pk))
    return message


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff after the n-th failed attempt, capped."""
    seconds = settings.QVCT_MAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.QVCT_MAIL_RETRY_MAX_SECONDS))


def _claim(message_id: int, now: dt.datetime) -> OutboxMessage | None:
    lease = now + dt.timedelta(seconds=settings.QVCT_MAIL_LEASE_SECONDS)
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease)
    return OutboxMessage.objects.prefetch_related("attachments").get(pk=message_id) if claimed else None


def _email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage(subject=message.subject, body=message.body, to=message.to, reply_to=message.reply_to)
    for item in message.attachments.all():
        content = import_string(item.renderer)(item.object_id) if item.renderer else bytes(item.content)
        email.attach(item.filename, content, item.content_type)
    return email


def outbox_deliver(*, message_id: int, now: dt.datetime | None = None) -> Outcome:
    """One attempt at sending a due message; a failure is recorded and retried later, or abandoned."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return Outcome.SKIPPED
    attempts = message.attempts + 1
    try:
        _email(message).send()
    except Exception as error:  # whatever stops the e-mail, it stays in the outbox with the reason
        given_up = attempts >= settings.QVCT_MAIL_MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=attempts,
            status=OutboxStatus.FAILED if given_up else OutboxStatus.PENDING,
            next_attempt_at=now + retry_delay(attempts),
            last_error=f"{type(error).__name__} : {error}"[:2000],
        )
        return Outcome.FAILED if given_up else Outcome.RETRY
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=attempts, status=OutboxStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return Outcome.SENT


def outbox_deliver_due(*, now: dt.datetime | None = None, limit: int = 1000) -> dict[Outcome, int]:
    """Sends every message due (the cron's catch-up after a crash or an outage); counts the outcomes."""
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )
    counts = dict.fromkeys(Outcome, 0)
    for message_id in list(due.values_list("pk", flat=True)[:limit]):
        counts[outbox_deliver(message_id=message_id, now=now)] += 1
    return counts


def outbox_retry(*, message: OutboxMessage) -> None:
    """Puts an abandoned message back in the queue, with a fresh count of attempts (back office)."""
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(message.pk))


def _enqueue(message_id: int) -> None:
    from .tasks import outbox_deliver_task  # cycle: mailing.tasks imports this module's outbox_deliver

    outbox_deliver_task.enqueue(message_id)
