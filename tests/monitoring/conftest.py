"""Fixtures of the follow-up: the funding campaign taken to a signed convention (12 000 € on 24 000 € at 50 %)."""

import datetime as dt
from decimal import Decimal

import pytest

from agreements import services as agreements
from agreements.models import Convention
from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from funding import notifications
from funding import services as funding
from monitoring.enums import Progress
from monitoring.models import ActionFollowUp, FollowUp
from tests.calls.factories import open_call
from tests.dossiers.files import pdf_upload

AFTER = dt.date(2024, 10, 11)
SIGNED_ON = dt.date(2024, 10, 15)


@pytest.fixture
def follow_up(clact, chosen, campaign, manager, porteur):
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


@pytest.fixture
def earlier(tmp_path, porteur):
    """A 2022 dossier of the porteur's establishment, conventioned on 15 October 2022, one action per state."""
    call = open_call(tmp_path / "c2022", code="clact-grand-est-2024", new_code="clact-grand-est-2022")
    old = Dossier.objects.create(
        call=call,
        establishment=porteur.establishments.get(),
        number=1,
        reference="CLACT-44-2022-0001",
        status=DossierStatus.CONVENTION_SIGNED,
        created_by=porteur,
    )
    follow_up = FollowUp.objects.create(
        dossier=old,
        granted=Decimal(9000),
        subsidy_rate=50,
        granted_on=dt.date(2022, 10, 15),
        consumption_deadline=dt.date(2024, 12, 31),
    )
    states = [
        ("Lève-personnes", Progress.DONE, ""),
        (
            "Groupes de parole",
            Progress.ABANDONED,
            "Prestataire défaillant, action reportée au CLACT suivant.",
        ),
        ("Conciergerie", Progress.NOT_STARTED, ""),
    ]
    for position, (title, progress, reason) in enumerate(states, start=1):
        action = Action.objects.create(dossier=old, position=position, title=title, cost=6000, requested=3000)
        ActionFollowUp.objects.create(
            follow_up=follow_up, action=action, granted=3000, progress=progress, abandon_reason=reason
        )
    return old


@pytest.fixture(autouse=True)
def _on_commit_now(on_commit_now):
    """The follow-up tests see the e-mails sent on commit at once (the shared fixtures are in tests/conftest.py)."""
