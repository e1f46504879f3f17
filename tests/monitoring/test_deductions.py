"""A recovery of an earlier call is deducted from the establishment's next notification of credits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding import notifications
from funding import services as funding
from funding.models import Decision, Letter
from monitoring import closing as closings
from monitoring.models import Closing, FollowUp, SpendingLine
from tests.monitoring.conftest import AFTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def recovery(earlier, porteur, manager):
    """The 2022 follow-up closed: 9 000 € granted, 12 000 € justified → 6 000 € due, 3 000 € to recover."""
    follow_up = FollowUp.objects.get(dossier=earlier)
    item = follow_up.actions.first()
    SpendingLine.objects.create(
        action_follow_up=item,
        invoice_date="2022-12-01",
        supplier="Ergonomia",
        amount=Decimal(12000),
        nature="equipment",
        file="x.pdf",
        original_name="x.pdf",
        size=1,
        sha256="0",
        content_type="application/pdf",
        scan_status="safe",
        status="accepted",
        added_by=porteur,
    )
    closing = closings.follow_up_close(follow_up=follow_up, user=manager)
    assert (closing.due, closing.to_recover) == (Decimal("6000.00"), Decimal("3000.00"))
    return closing


def test_the_next_decisions_letter_and_simulation_show_the_deduction(
    client, clact, chosen, campaign, manager, recovery, filed
):
    funding.decisions_prepare(scenario=chosen, user=manager)
    client.force_login(manager)
    page = client.get(reverse("funding:decisions", args=[clact.code])).content.decode()
    assert "Reprises des appels précédents" in page and "− 3\u00a0000,00\u00a0€" in page
    assert "9\u00a0000,00\u00a0€" in page  # 12 000 € granted − 3 000 €
    page = client.get(reverse("funding:simulation", args=[clact.code]) + f"?a={chosen.pk}").content.decode()
    assert "Total net versé" in page
    funding.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    letter = Letter.objects.get(dossier=filed)
    assert Closing.objects.get(pk=recovery.pk).deducted_in_id == filed.pk
    decisions = list(Decision.objects.filter(dossier=filed).select_related("action"))
    html = notifications.letter_html(letter.dossier, decisions, AFTER)
    assert "reprise déduite : 3\u00a0000\u00a0€" in html and "montant net versé : 9\u00a0000\u00a0€" in html
    # Deducted once: it is no longer waiting for a notification.
    assert not Closing.objects.filter(deducted_in__isnull=True).exists()
