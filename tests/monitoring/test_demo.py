"""The demo's CLACT 2022: followed up and closed, it shows in the 2024 dossier's findings and letter."""

from decimal import Decimal

import pytest

from demo.accounts import demo_load
from dossiers import services as dossiers
from dossiers.models import Dossier
from monitoring.enums import Progress
from monitoring.models import ActionFollowUp, Closing

pytestmark = pytest.mark.django_db


def test_the_demo_2022_campaign_feeds_the_history_rules_and_the_deduction(demo):
    closing = Closing.objects.select_related("follow_up__dossier").get()
    assert closing.follow_up.dossier.call.code == "clact-grand-est-2022"
    assert closing.to_recover == Decimal("5450.00")
    progress = sorted(
        ActionFollowUp.objects.filter(follow_up=closing.follow_up).values_list("progress", flat=True)
    )
    assert progress == sorted([Progress.DONE, Progress.ABANDONED, Progress.NOT_STARTED])
    current = Dossier.objects.get(call__code="clact-grand-est-2024", establishment=closing.establishment)
    codes = {finding.code for finding in dossiers.dossier_check(current).findings}
    assert "PRIOR_NOT_IMPLEMENTED_2Y" in codes
    if current.decisions.filter(granted__gt=0).exists():
        assert closing.deducted_in_id == current.pk
    demo_load()  # a second run changes nothing
    assert Closing.objects.count() == 1
