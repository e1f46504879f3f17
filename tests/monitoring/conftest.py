"""Fixtures of the follow-up: the funding campaign taken to a signed convention (12 000 € on 24 000 € at 50 %)."""

import datetime as dt

import pytest

from agreements import services as agreements
from agreements.models import Convention
from dossiers.models import Dossier
from funding import notifications
from funding import services as funding
from monitoring.models import FollowUp
from tests.dossiers.conftest import clact, dossier, porteur  # noqa: F401
from tests.dossiers.files import pdf_upload
from tests.funding.conftest import campaign, chosen, manager  # noqa: F401
from tests.review.conftest import _on_commit_now, filed, instructor  # noqa: F401

AFTER = dt.date(2024, 10, 11)
SIGNED_ON = dt.date(2024, 10, 15)


@pytest.fixture
def follow_up(clact, chosen, campaign, manager, porteur):  # noqa: F811
    funding.decisions_prepare(scenario=chosen, user=manager)
    funding.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    agreements.conventions_generate(call=clact, user=manager, today=AFTER)
    convention = Convention.objects.get()
    agreements.convention_sign(
        convention=convention,
        user=porteur,
        side="establishment",
        signed_on=SIGNED_ON,
        upload=pdf_upload("s.pdf"),
    )
    agreements.convention_sign(convention=convention, user=manager, side="agency", signed_on=SIGNED_ON)
    return FollowUp.objects.select_related("dossier__call").get(
        dossier=Dossier.objects.get(pk=convention.dossier_id)
    )
