"""The porteur's live totals and the rule engine give one fundable amount, to the cent."""

from decimal import Decimal

import pytest

from dossiers import services
from dossiers.views.actions import totals
from tests.dossiers.builders import complete_action

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cost", ["100.03", "100.01", "33.33", "24000"])
def test_the_live_totals_and_the_engine_give_the_same_fundable_amount(dossier, porteur, cost):
    cost = Decimal(cost)
    action = complete_action(dossier, porteur, cost=cost, requested=cost, own_funding=Decimal(0))

    live = totals(action, dossier.call.spec)["fundable"]
    [verdict] = services.dossier_check(dossier).actions

    assert live == verdict.fundable
    assert live == (cost / 2).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
