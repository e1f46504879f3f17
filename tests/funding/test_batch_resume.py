"""« Relancer »: a batch of letters stopped midway (an error, a dead worker) resumes without a double letter or e-mail."""

import datetime as dt

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from dossiers.enums import DossierStatus
from dossiers.models import Dossier, DossierEvent
from dossiers.services import DossierError
from funding import notifications, services
from funding.batches import batch_run
from funding.models import Letter, NotificationBatch, NotificationBatchResume
from mailing.enums import OutboxStatus
from mailing.models import OutboxMessage

pytestmark = pytest.mark.django_db

AFTER = dt.date(2024, 10, 9)  # the CLACT 2024 notification date


@pytest.fixture
def validated(chosen, manager, monkeypatch):
    # The batch's bookkeeping is the behaviour here; rendering a letter is tested on its own (WeasyPrint).
    monkeypatch.setattr(notifications, "render_pdf", lambda html: b"%PDF-1.7 lettre")
    services.decisions_prepare(scenario=chosen, user=manager)
    services.decisions_validate(scenario=chosen, user=manager)
    return chosen


def _stop_at_second_letter(monkeypatch, stop: BaseException) -> None:
    calls = []

    def render(html):
        calls.append(html)
        if len(calls) == 2:
            raise stop
        return b"%PDF-1.7 lettre"

    monkeypatch.setattr(notifications, "render_pdf", render)


def _notified() -> int:
    return Dossier.objects.filter(status=DossierStatus.NOTIFIED).count()


def test_a_batch_stopped_by_an_error_resumes_with_the_dossiers_not_yet_notified(
    clact, validated, campaign, manager, mailoutbox, monkeypatch
):
    mailoutbox.clear()
    _stop_at_second_letter(monkeypatch, RuntimeError("WeasyPrint a échoué"))
    batch = notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.stopped) == (1, 2, True) and "WeasyPrint" in batch.error
    assert (Letter.objects.count(), len(mailoutbox), _notified()) == (1, 1, 1)

    monkeypatch.setattr(notifications, "render_pdf", lambda html: b"%PDF-1.7 lettre")
    batch = notifications.notifications_resume(batch=batch, user=manager)
    assert (batch.done, batch.total, batch.error, batch.attempt) == (2, 2, "", 1) and batch.finished_at
    assert (Letter.objects.count(), len(mailoutbox), _notified()) == (2, 2, 2)
    assert len({m.subject for m in mailoutbox}) == 2  # one e-mail per dossier, none twice
    resume = NotificationBatchResume.objects.get()
    assert (resume.batch, resume.resumed_by, resume.done) == (
        batch,
        manager,
        1,
    ) and "WeasyPrint" in resume.error


def test_a_batch_whose_worker_died_stays_unfinished_then_shows_relancer_once_silent(
    client, clact, validated, campaign, manager, mailoutbox, monkeypatch, settings
):
    # SystemExit is not caught by the runner, as when the worker is killed: the batch keeps « en cours ».
    _stop_at_second_letter(monkeypatch, SystemExit(1))
    batch = notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    batch.refresh_from_db()
    assert (batch.done, batch.finished_at, batch.running) == (1, None, True)
    client.force_login(manager)
    url = reverse("funding:notifications", args=[clact.code])
    assert "Relancer le lot" not in client.get(url).content.decode()

    settings.QVCT_BATCH_STALLED_SECONDS = 60
    NotificationBatch.objects.filter(pk=batch.pk).update(
        progressed_at=timezone.now() - dt.timedelta(minutes=5)
    )
    page = client.get(url).content.decode()
    assert "Relancer le lot" in page and "n'avance plus depuis" in page and "en cours…" not in page
    assert 'hx-trigger="every 2s"' not in page


def test_relancer_on_the_page_finishes_the_batch_with_exact_counts(
    client, clact, validated, campaign, manager, mailoutbox, monkeypatch, settings
):
    mailoutbox.clear()
    _stop_at_second_letter(monkeypatch, SystemExit(1))
    batch = notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    NotificationBatch.objects.filter(pk=batch.pk).update(progressed_at=timezone.now() - dt.timedelta(hours=1))
    monkeypatch.setattr(notifications, "render_pdf", lambda html: b"%PDF-1.7 lettre")
    client.force_login(manager)
    response = client.post(reverse("funding:notifications_resume", args=[clact.code, batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.finished_at is not None, batch.error) == (2, 2, True, "")
    assert (Letter.objects.count(), len(mailoutbox), _notified()) == (2, 2, 2)
    assert DossierEvent.objects.filter(transition="notify").count() == 2
    assert "Relancé le" in client.get(reverse("funding:notifications", args=[clact.code])).content.decode()


def test_a_batch_still_running_is_not_resumed(clact, validated, manager):
    batch = NotificationBatch.objects.create(
        call=clact, launched_by=manager, total=2, progressed_at=timezone.now()
    )
    with pytest.raises(DossierError, match="avance encore"):
        notifications.notifications_resume(batch=batch, user=manager)
    assert not NotificationBatchResume.objects.exists()


def test_a_silent_batch_blocks_a_new_launch_and_says_to_resume_it(clact, validated, campaign, manager):
    NotificationBatch.objects.create(
        call=clact, launched_by=manager, total=2, progressed_at=timezone.now() - dt.timedelta(days=1)
    )
    with pytest.raises(DossierError, match="Relancer"):
        notifications.notifications_launch(call=clact, user=manager, today=AFTER)


def test_an_earlier_run_that_wakes_up_after_relancer_writes_nothing(clact, validated, campaign, manager):
    batch = NotificationBatch.objects.create(call=clact, launched_by=manager, total=2, attempt=1)
    assert batch_run(batch.pk, notifications.NOTIFICATIONS, attempt=0) == 0
    assert (Letter.objects.count(), _notified()) == (0, 0)


def test_a_letter_email_abandoned_after_its_attempts_is_sent_again_by_relancer(
    client, clact, validated, campaign, manager, mailoutbox, monkeypatch, settings
):
    settings.QVCT_MAIL_MAX_ATTEMPTS = 1
    mailoutbox.clear()
    send = EmailMessage.send

    def refuse_the_first_letter(self, *args, **kwargs):
        if self.subject.endswith(campaign[0].reference):
            raise ConnectionRefusedError("serveur de courriel injoignable")
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", refuse_the_first_letter)
    batch = notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    failed = OutboxMessage.objects.get(status=OutboxStatus.FAILED)
    assert Letter.objects.get(dossier=campaign[0]).message == failed and len(mailoutbox) == 1
    client.force_login(manager)
    page = client.get(reverse("funding:notifications", args=[clact.code])).content.decode()
    assert "1 courriel(s) de lettre n'ont pas pu partir" in page and "Relancer le lot" in page

    monkeypatch.setattr(EmailMessage, "send", send)
    client.post(reverse("funding:notifications_resume", args=[clact.code, batch.pk]))
    failed.refresh_from_db()
    letters_mail = OutboxMessage.objects.filter(subject__startswith="Décision de financement")
    assert failed.status == OutboxStatus.SENT and letters_mail.count() == 2
    assert [m.subject for m in mailoutbox].count(failed.subject) == 1 and len(mailoutbox) == 2
    assert Letter.objects.count() == 2 and NotificationBatchResume.objects.get().emails_requeued == 1
    assert (
        "n'ont pas pu partir"
        not in client.get(reverse("funding:notifications", args=[clact.code])).content.decode()
    )


def test_the_notifications_page_stays_flat_with_stopped_and_resumed_batches(client, clact, manager):
    from tests.helpers import assert_flat_queries

    client.force_login(manager)

    def grow():
        for n in range(5):
            batch = NotificationBatch.objects.create(call=clact, launched_by=manager, total=10, done=n)
            NotificationBatchResume.objects.create(batch=batch, resumed_by=manager, done=n, error="arrêt")

    assert_flat_queries(client, reverse("funding:notifications", args=[clact.code]), grow)
