"""Candidacies to the Normandie call, filed, admissible and interviewed, in several departments."""

import datetime as dt

import pytest

from dossiers import services as dossier_services
from review import services as review
from review.models import Interview
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_normandie
from tests.helpers import receipts_undrawn
from tests.referential.factories import EstablishmentFactory


@pytest.fixture(autouse=True)
def _on_commit_now(on_commit_now):
    """Letters and e-mails leave on commit: at once in these tests."""


@pytest.fixture
def manager(db):
    return UserFactory(manager=True, regions=["28"])


@pytest.fixture
def aract(db):
    return UserFactory(aract=True, regions=["28"])


def candidacy(call, manager, department: str, *, admissible: bool = True, interviewed: bool = True, by=None):
    establishment = EstablishmentFactory(ehpad=True, department_code=department)
    porteur = UserFactory(establishment=establishment)
    dossier, _ = dossier_services.dossier_start(call=call, establishment=establishment, user=porteur)
    complete_normandie(dossier, porteur)
    with receipts_undrawn():
        dossier = dossier_services.dossier_submit(dossier=dossier, user=porteur)[0]
    if admissible:
        review.dossier_decide(dossier=dossier, user=manager, admissible=True, reason="")
    if interviewed:
        Interview.objects.create(
            dossier=dossier,
            scheduled_on=dt.date(2024, 1, 15),
            mode="visio",
            notes="Trinôme constitué.",
            opinion="favourable",
            by=by or manager,
        )
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def candidacies(normandie, manager, aract):
    """Seven admissible, interviewed candidacies over the three departments of the 2024 wave."""
    return [
        candidacy(normandie, manager, department, by=aract)
        for department in ("14", "14", "50", "50", "61", "61", "14")
    ]
