"""The scenario's reading of a call from plain rows (`dossiers.bulk`) gives what the engine gives dossier by dossier.

The reference is the path every single dossier takes (filing, admissibility, the dossier page): the dossier loaded
with its prefetches, `dossier_to_data`, `dossier_check` with its own history. The call is varied: an earlier
funded action renewed and one left undone (history), requests above the subsidy rate (partial funding), excluded
expenses and unknown themes (ineligible actions), other funding, partners, a gap in the action positions, scored
and unscored dossiers, and dossiers in other states.
"""

from decimal import Decimal

import pytest

from dossiers import services as dossiers
from dossiers.bulk import documents_of, dossiers_checked
from dossiers.enums import DossierStatus
from dossiers.interchange import dossier_to_data
from dossiers.models import Action, Dossier, OtherFunding, Partner
from dossiers.selectors import dossier_queryset
from funding import services
from funding.services import CampaignData, campaign_data
from review.committee import ranking_means
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_action
from tests.monitoring.conftest import earlier  # noqa: F401 (the fixture: an establishment's 2022 convention)
from tests.referential.factories import EstablishmentFactory
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db


def _one_by_one(call) -> CampaignData:
    """The reading as it was before `dossiers.bulk`: each dossier checked on its own, at its filing date."""
    means = ranking_means(call)
    data = CampaignData()
    for pk in (
        Dossier.objects.filter(call=call, status=DossierStatus.ADMISSIBLE)
        .order_by("number")
        .values_list("pk", flat=True)
    ):
        dossier = dossier_queryset().get(pk=pk)
        mean = means.get(dossier.pk)
        if mean is None:
            data.unscored.append(dossier.reference)
        result = dossiers.dossier_check(dossier, now=dossier.submitted_at)
        verdicts = {v.index: v for v in result.actions}
        for action in dossier.actions.all():
            verdict = verdicts.get(action.position)
            if verdict is None or not verdict.eligible or verdict.fundable <= 0:
                continue
            data.items.append(
                {
                    "id": f"{dossier.reference}/{action.position}",
                    "dossier": dossier.reference,
                    "department": dossier.establishment.department_id,
                    "amount": str(verdict.fundable),
                    "score": str(mean or 0),
                }
            )
    return data


@pytest.fixture
def varied(clact, campaign, earlier, porteur):  # noqa: F811
    """The scored campaign (the porteur's dossier and a Moselle one) made varied, and unscored dossiers beside."""
    own = campaign[0]
    # Actions added as the porteur would, the dossier reopened for the while.
    Dossier.objects.filter(pk=own.pk).update(status=DossierStatus.DRAFT)
    own = Dossier.objects.get(pk=own.pk)
    renewal = complete_action(
        own, porteur, title="Conciergerie, suite", cost=Decimal(8000), requested=Decimal(4000)
    )
    above = complete_action(
        own,
        porteur,
        title="Rails",
        cost=Decimal("10000.50"),
        requested=Decimal(6000),
        own_funding=Decimal("4000.50"),
    )
    excluded = complete_action(own, porteur, title="Salaires", expense_nature="salary")
    Dossier.objects.filter(pk=own.pk).update(status=DossierStatus.ADMISSIBLE)
    Action.objects.filter(pk=renewal.pk).update(renews_action="CLACT-44-2022-0001/3")  # not implemented
    Action.objects.filter(pk=excluded.pk).update(position=7)  # a gap in the positions
    OtherFunding.objects.create(action=above, funder="Mutuelle", amount=Decimal(0))
    Partner.objects.create(dossier=own, establishment=EstablishmentFactory(department_code="67"))
    others = filed_dossiers(clact, UserFactory(), 5, status=DossierStatus.ADMISSIBLE, department="57")
    Action.objects.filter(dossier=others[0]).update(theme="inconnue")
    Action.objects.filter(dossier=others[1]).update(
        requested=Decimal("12000.01"), own_funding=Decimal("11999.99")
    )
    Action.objects.filter(dossier=others[2]).update(funded_elsewhere=True)
    filed_dossiers(clact, UserFactory(), 2, status=DossierStatus.SUBMITTED, department="57", start=50)
    return campaign + others


def test_the_bulk_documents_are_those_of_the_dossier_export(clact, varied):
    ids = [dossier.pk for dossier in varied]
    documents = documents_of(clact, ids)
    for pk in ids:
        assert documents[pk] == dossier_to_data(dossier_queryset().get(pk=pk))


def test_the_bulk_checks_are_those_of_each_dossier_checked_alone(clact, varied):
    checks = dossiers_checked(clact, [dossier.pk for dossier in varied])
    for checked in checks:
        dossier = dossier_queryset().get(pk=checked.pk)
        assert checked.result == dossiers.dossier_check(dossier, now=dossier.submitted_at)
    # The history was read: the renewal of the undone 2022 action, and that action left undone for two years.
    assert {"PRIOR_UNIMPLEMENTED", "PRIOR_NOT_IMPLEMENTED_2Y"} <= set(checks[0].result.codes)


def test_the_scenario_reading_gives_the_items_of_the_dossier_by_dossier_reading(clact, varied, monkeypatch):
    monkeypatch.setattr(services, "CAMPAIGN_CHUNK", 3)  # several chunks
    expected = _one_by_one(clact)
    data = campaign_data(clact)
    assert data.items == expected.items and data.unscored == expected.unscored
    # The call is as varied as announced: partial funding, ineligible actions, unscored dossiers.
    items = {item["id"]: item for item in data.items}
    own = varied[0].reference
    assert items[f"{own}/1"]["amount"] == "12000.00" and items[f"{own}/1"]["score"] != "0"
    assert f"{own}/7" not in items  # salaries
    assert items[f"{own}/3"]["amount"] == "5000.25"  # 50 % of 10 000,50 €, not the 6 000 € asked
    assert items[f"{varied[3].reference}/1"]["amount"] == "12000.00"  # 12 000,01 € asked, capped
    assert f"{varied[2].reference}/1" not in items and f"{varied[4].reference}/1" not in items
    assert len(data.unscored) == 5
