"""Fixtures of the follow-up: the funding campaign taken to a signed convention (12 000 € on 24 000 € at 50 %)."""

import datetime as dt
from decimal import Decimal

import pytest

from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from monitoring.enums import Progress
from monitoring.models import ActionFollowUp, FollowUp
from tests.calls.factories import open_call
from tests.conftest import AFTER  # noqa: F401 (re-exported for the follow-up tests)


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
