"""The receipt of a submission goes through the outbox: never lost when the server dies after the commit."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from dossiers import services
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from mailing.enums import OutboxStatus
from mailing.models import OutboxMessage
from tests.dossiers.builders import complete_clact

pytestmark = pytest.mark.django_db

FAILING = "tests.mailing.backends.FailingBackend"


@pytest.fixture
def complete(dossier, porteur):
    return complete_clact(dossier, porteur)


def test_the_receipt_is_written_with_the_submission_and_rolled_back_with_it(complete, porteur):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_submit(dossier=complete, user=porteur)
        assert OutboxMessage.objects.filter(subject__startswith="Accusé de réception").exists()
        raise RuntimeError("la suite de la requête échoue")
    assert Dossier.objects.get(pk=complete.pk).status == DossierStatus.DRAFT
    assert not OutboxMessage.objects.exists()


def test_a_receipt_survives_a_server_dying_right_after_the_commit(complete, porteur):
    # The on-commit hooks never run here, as when the process is killed right after the commit.
    services.dossier_submit(dossier=complete, user=porteur)
    [message] = OutboxMessage.objects.all()
    assert message.status == OutboxStatus.PENDING and not mail.outbox
    call_command("send_pending_mail")
    [sent] = mail.outbox
    assert sent.to == [porteur.email] and sent.attachments[0][1].startswith(b"%PDF")
    assert sent.attachments[0][0] == f"accuse-reception-{complete.reference}.pdf"


def test_a_receipt_whose_sending_fails_stays_pending_and_a_later_run_sends_it(
    complete,
    porteur,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_submit(dossier=complete, user=porteur)
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1) and message.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_attempt_at=message.created_at)  # the backoff is over
    call_command("send_pending_mail")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 2) and len(mail.outbox) == 1
