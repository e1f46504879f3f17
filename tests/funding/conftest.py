"""Fixtures of the funding tests: a scored campaign of two admissible dossiers and its chosen scenario."""

from decimal import Decimal

import pytest

from dossiers import services as dossier_services
from dossiers.models import Dossier
from funding import services
from review import committee
from review import services as review
from review.models import CommitteeAssignment
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_clact
from tests.dossiers.conftest import clact, dossier, porteur  # noqa: F401
from tests.referential.factories import EstablishmentFactory
from tests.review.conftest import _on_commit_now, filed, instructor  # noqa: F401


@pytest.fixture
def manager(db):
    return UserFactory(manager=True, regions=["44"])


@pytest.fixture
def campaign(clact, filed, instructor, manager):  # noqa: F811
    """Two admissible dossiers (Bas-Rhin, Moselle), scored 16/20 and 8/20 by one member."""
    moselle = UserFactory(establishment=EstablishmentFactory(department_code="57"))
    other, _ = dossier_services.dossier_start(
        call=clact, establishment=moselle.establishments.get(), user=moselle
    )
    complete_clact(other, moselle)
    other, _ = dossier_services.dossier_submit(dossier=other, user=moselle)
    member = UserFactory(committee=True, regions=["44"])
    dossiers = []
    for item, value in ((filed, 4), (other, 2)):
        review.dossier_decide(dossier=item, user=instructor, admissible=True, reason="")
        item = Dossier.objects.get(pk=item.pk)
        committee.committee_assign(dossiers=[item], members=[member], user=manager)
        assignment = CommitteeAssignment.objects.get(dossier=item)
        for criterion in clact.spec.criteria:
            committee.score_save(assignment=assignment, criterion=criterion.code, score=value, comment="")
        committee.scores_submit(assignment=assignment)
        dossiers.append(item)
    return dossiers


@pytest.fixture
def chosen(clact, campaign, manager):  # noqa: F811
    scenario = services.scenario_run(
        call=clact,
        user=manager,
        name="Serré",
        envelope=Decimal(15000),
        method="optimal",
        partial=False,
        floors={},
    )
    services.scenario_choose(scenario=scenario, user=manager)
    scenario.refresh_from_db()
    return scenario
