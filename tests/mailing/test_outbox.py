"""The outbox: written in the caller's transaction, sent on commit, retried with backoff, caught up by cron."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from mailing import services
from mailing.enums import OutboxStatus
from mailing.models import OutboxMessage
from mailing.services import Attachment, Outcome
from mailing.tasks import outbox_deliver_task
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

FAILING = "tests.mailing.backends.FailingBackend"


def rendered(object_id: int) -> bytes:
    return f"%PDF rendu pour {object_id}".encode()


def _enqueue(**changes) -> OutboxMessage:
    values = {"subject": "Accusé de réception", "body": "Bonjour.", "to": ["porteur@example.org"]}
    return services.outbox_enqueue(**{**values, **changes})


def test_an_email_waits_for_the_commit_then_leaves(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _enqueue(attachments=[Attachment("recu.pdf", "application/pdf", content=b"%PDF-1.7")])
    assert message.status == OutboxStatus.PENDING and not mail.outbox
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1) and message.sent_at
    [sent] = mail.outbox
    assert sent.to == ["porteur@example.org"] and sent.attachments == [
        ("recu.pdf", b"%PDF-1.7", "application/pdf")
    ]


def test_a_rolled_back_transaction_takes_its_email_with_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):  # noqa: SIM117
        with transaction.atomic():
            _enqueue()
            raise RuntimeError("la transaction métier échoue")
    assert not OutboxMessage.objects.exists() and not mail.outbox


def test_no_recipient_no_email():
    assert _enqueue(to=["", None]) is None and not OutboxMessage.objects.exists()


def test_an_attachment_can_be_rendered_when_the_email_leaves(django_capture_on_commit_callbacks):
    renderer = f"{__name__}.rendered"
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(attachments=[Attachment("recu.pdf", "application/pdf", renderer=renderer, object_id=42)])
    assert mail.outbox[0].attachments == [("recu.pdf", b"%PDF rendu pour 42", "application/pdf")]


def test_a_failed_send_stays_pending_with_its_reason_then_a_later_run_sends_it(settings):
    message = _enqueue()
    now = timezone.now()
    settings.EMAIL_BACKEND = FAILING
    assert services.outbox_deliver(message_id=message.pk, now=now) == Outcome.RETRY
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert "serveur SMTP injoignable" in message.last_error
    assert message.next_attempt_at == now + services.retry_delay(1)
    # Not due yet: the next run leaves it alone.
    assert services.outbox_deliver_due(now=now)[Outcome.SENT] == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = message.next_attempt_at + dt.timedelta(seconds=1)
    assert services.outbox_deliver_due(now=later)[Outcome.SENT] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_retries_back_off_and_stop_after_the_maximum(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.QVCT_MAIL_MAX_ATTEMPTS = 3
    message = _enqueue()
    now = timezone.now()
    outcomes, delays = [], []
    for _ in range(4):
        outcomes.append(services.outbox_deliver(message_id=message.pk, now=now))
        message.refresh_from_db()
        delays.append(message.next_attempt_at - now)
        now = message.next_attempt_at
    assert outcomes == [Outcome.RETRY, Outcome.RETRY, Outcome.FAILED, Outcome.SKIPPED]
    assert delays[1] == 2 * delays[0]
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 3)


def test_a_message_being_sent_is_not_sent_twice():
    message = _enqueue()
    now = timezone.now()
    assert services._claim(message.pk, now) is not None
    assert services.outbox_deliver(message_id=message.pk, now=now) == Outcome.SKIPPED
    # A worker killed while sending: once the lease is over, the message is due again.
    lease_over = now + dt.timedelta(seconds=services.settings.QVCT_MAIL_LEASE_SECONDS + 1)
    assert services.outbox_deliver(message_id=message.pk, now=lease_over) == Outcome.SENT


def test_the_cron_command_sends_what_is_pending(capsys):
    _enqueue()
    _enqueue(subject="Deuxième")
    call_command("send_pending_mail")
    assert "2 courriel(s) envoyé(s), 0 à réessayer, 0 abandonné(s)." in capsys.readouterr().out
    assert len(mail.outbox) == 2
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()


def test_the_task_comes_back_later_when_the_backend_can_defer(settings, monkeypatch):
    settings.EMAIL_BACKEND = FAILING
    message = _enqueue()
    backend = outbox_deliver_task.get_backend()
    monkeypatch.setattr(backend, "supports_defer", True)
    deferred = []
    real_using = type(outbox_deliver_task).using

    def using(task, **kwargs):
        deferred.append(kwargs.get("run_after"))
        return real_using(task, **kwargs)

    monkeypatch.setattr(type(outbox_deliver_task), "using", using)
    outbox_deliver_task.enqueue(message.pk)
    message.refresh_from_db()
    assert deferred == [message.next_attempt_at] and message.attempts == 1


def test_the_administrator_puts_an_abandoned_email_back_in_the_queue(
    client, django_capture_on_commit_callbacks
):
    message = _enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED, attempts=8)
    client.force_login(UserFactory(role=Role.ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:mailing_outboxmessage_changelist"),
            {"action": "retry", "_selected_action": [message.pk]},
            follow=True,
        )
    assert "1 courriel(s) remis en attente." in response.content.decode()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1) and len(mail.outbox) == 1
