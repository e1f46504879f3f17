"""Notification letters: not before the call's date, a background batch with progress, the porteur's copy."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.services import DossierError
from funding import notifications, services
from funding.models import Decision, Letter, NotificationBatch, Scenario
from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db

AFTER = dt.date(2024, 10, 9)  # the CLACT 2024 notification date


@pytest.fixture
def validated(chosen, manager):
    services.decisions_prepare(scenario=chosen, user=manager)
    services.decisions_validate(scenario=chosen, user=manager)
    return chosen


def test_letters_do_not_leave_before_the_notification_date(clact, validated, manager):
    with pytest.raises(DossierError, match="9 octobre 2024"):
        notifications.notifications_launch(call=clact, user=manager, today=AFTER - dt.timedelta(days=1))
    assert not NotificationBatch.objects.exists()


def test_letters_need_validated_decisions(clact, chosen, manager):
    with pytest.raises(DossierError, match="Validez"):
        notifications.notifications_launch(call=clact, user=manager, today=AFTER)


def test_the_batch_writes_sends_and_notifies_every_decided_dossier(
    clact, validated, campaign, manager, mailoutbox
):
    mailoutbox.clear()
    batch = notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.percent) == (2, 2, 100) and batch.finished_at
    assert [Dossier.objects.get(pk=d.pk).status for d in campaign] == [DossierStatus.NOTIFIED] * 2
    granted = Letter.objects.get(dossier=campaign[0])
    assert granted.granted == Decimal("12000.00") and granted.file.read()[:4] == b"%PDF"
    granted.file.close()
    assert len(mailoutbox) == 2 and mailoutbox[0].attachments[0][2] == "application/pdf"
    with pytest.raises(DossierError, match="Aucun dossier à notifier"):
        notifications.notifications_launch(call=clact, user=manager, today=AFTER)


def test_the_porteur_reads_the_letter_on_the_dossier_page(
    client, clact, validated, campaign, manager, porteur
):
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    client.force_login(porteur)
    page = client.get(campaign[0].get_absolute_url()).content.decode()
    assert "Lettre de notification (PDF)" in page and "Dossier retenu : 12\u00a0000\u00a0€ accordés" in page
    response = client.get(reverse("funding:letter", args=[campaign[0].reference]))
    assert b"".join(response.streaming_content)[:4] == b"%PDF"
    assert client.get(reverse("funding:letter", args=[campaign[1].reference])).status_code == 404


def test_notifications_page_shows_the_progress(client, clact, validated, manager):
    client.force_login(manager)
    url = reverse("funding:notifications", args=[clact.code])
    NotificationBatch.objects.create(call=clact, launched_by=manager, total=330, done=120)
    text = client.get(url).content.decode()
    assert 'value="120"' in text and "120 lettre(s) sur 330" in text and 'hx-trigger="every 2s"' in text
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.strip().startswith('<div id="lots"')


def test_a_batch_of_330_letters_completes(clact, manager, mailoutbox, monkeypatch):
    # The batch's bookkeeping is the behaviour here; rendering a letter is tested on its own (WeasyPrint: 20 s).
    monkeypatch.setattr(notifications, "render_pdf", lambda html: b"%PDF-1.7 lettre")
    dossiers = filed_dossiers(clact, manager, 330, status=DossierStatus.SELECTED)
    scenario = Scenario.objects.create(
        call=clact,
        name="National",
        envelope=Decimal(4_000_000),
        method="rank",
        problem={},
        result={},
        created_by=manager,
        chosen_at=dt.datetime(2024, 9, 1, tzinfo=dt.UTC),
        validated_at=dt.datetime(2024, 9, 2, tzinfo=dt.UTC),
    )
    Decision.objects.bulk_create(
        [
            Decision(
                scenario=scenario,
                action=d.actions.get(),
                dossier=d,
                fundable=12000,
                proposed=12000,
                granted=12000,
            )
            for d in dossiers
        ]
    )
    batch = notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    batch.refresh_from_db()
    assert batch.done == 330 and batch.finished_at and not batch.error
    assert Letter.objects.count() == 330 and len(mailoutbox) == 330
    assert Dossier.objects.filter(status=DossierStatus.NOTIFIED).count() == 330


@pytest.mark.parametrize("role", ["instructor", "committee", "establishment", "viewer", "aract", "admin"])
def test_notifications_page_is_for_campaign_managers(client, clact, role):
    client.force_login(UserFactory(role=role, regions=["44"]) if role != "establishment" else UserFactory())
    assert client.get(reverse("funding:notifications", args=[clact.code])).status_code == 403


def test_notifications_page_stays_flat(client, clact, manager):
    from tests.helpers import assert_flat_queries

    client.force_login(manager)

    def grow():
        for n in range(5):
            NotificationBatch.objects.create(call=clact, launched_by=manager, total=10, done=n)

    assert_flat_queries(client, reverse("funding:notifications", args=[clact.code]), grow)


def test_the_letter_names_the_call_signatory(clact, validated, campaign):
    clact.signatory_name = "Camille Martin"
    clact.save()
    dossier = Dossier.objects.select_related("call", "establishment").get(pk=campaign[0].pk)
    decisions = list(dossier.decisions.select_related("action"))
    html = notifications.letter_html(dossier, decisions, AFTER)
    assert (
        '<p class="signatory">Le directeur général de l&#x27;Agence régionale de santé Grand Est<br>'
        "Camille Martin</p>" in html
    )
