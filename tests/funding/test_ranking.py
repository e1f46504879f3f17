"""The committee's ranking stays readable once the funding decisions are validated and notified."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from funding import notifications, services
from review import committee

pytestmark = pytest.mark.django_db

AFTER = dt.date(2024, 10, 9)  # the CLACT 2024 notification date


@pytest.fixture
def notified(clact, chosen, campaign, manager):
    services.decisions_prepare(scenario=chosen, user=manager)
    services.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    return [Dossier.objects.get(pk=d.pk) for d in campaign]


def test_the_ranking_keeps_the_notified_dossiers_and_their_means(clact, notified):
    rows = committee.ranking(clact)
    assert [row.dossier.pk for row in rows] == [d.pk for d in notified]
    assert [row.mean for row in rows] == [Decimal("16.00"), Decimal("8.00")]
    assert {row.dossier.status for row in rows} == {DossierStatus.NOTIFIED}
    assert not any(row.assignable for row in rows)


def test_the_committee_page_shows_the_ranking_after_notification(client, clact, notified, manager):
    client.force_login(manager)
    page = client.get(reverse("review:committee_call", args=[clact.code])).content.decode()
    for dossier in notified:
        assert dossier.reference in page
    assert "Aucun dossier recevable" not in page and "16,00" in page and "Notifié" in page
    # A decided dossier is no longer offered to more members.
    assert 'name="dossiers"' not in page
