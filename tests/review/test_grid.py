"""The committee grid, pure: pre-scores from the data, weighted totals on 20, agreement between members."""

import datetime as dt
from decimal import Decimal

from review.grid import ActionFacts, DossierFacts, GridCriterion, agreement, prescore, total_on_20

GRANT = dt.date(2024, 10, 9)


def facts(*actions, headcount=100):
    return DossierFacts(headcount=headcount, actions=tuple(actions), granted_from=GRANT)


def action(mutualized=False, agents=10, end=dt.date(2025, 6, 30)):
    return ActionFacts(mutualized=mutualized, agents_concerned=agents, end=end)


def test_mutualised_signal_scores_the_share_of_mutualised_actions():
    score = prescore("mutualized", 5, facts(action(mutualized=True), action()), None)
    assert score.value == 3  # half of 5, rounded half up
    assert "1 action(s) mutualisée(s) sur 2" in score.reason
    assert prescore("mutualized", 5, facts(action(mutualized=True)), None).value == 5


def test_agents_signal_scores_the_share_of_the_headcount():
    assert prescore("agents_concerned", 5, facts(action(agents=80), headcount=100), None).value == 4
    assert prescore("agents_concerned", 5, facts(action(agents=300), headcount=100), None).value == 5
    assert prescore("agents_concerned", 5, facts(action(agents=3), headcount=None), None).value == 0


def test_schedule_signal_counts_actions_ending_within_the_months_after_the_grant():
    late = action(end=dt.date(2026, 10, 10))
    on_time = action(end=dt.date(2026, 10, 9))
    score = prescore("schedule", 4, facts(on_time, late), 24)
    assert score.value == 2 and "9 octobre 2026" in score.reason


def test_judgement_criteria_have_no_prescore():
    assert prescore(None, 5, facts(action()), None) is None
    assert prescore("mutualized", 5, facts(), None) is None


def test_total_is_weighted_on_20_and_waits_for_every_criterion():
    criteria = [
        GridCriterion("a", Decimal(2), 5),
        GridCriterion("b", Decimal(1), 5),
        GridCriterion("c", Decimal(0), 5),
    ]
    assert total_on_20(criteria, {"a": 5}) is None
    assert total_on_20(criteria, {"a": 5, "b": 2}) == Decimal("16.00")


def test_agreement_flags_members_far_apart():
    result = agreement([Decimal(15), Decimal(9)], expected=3, alert=Decimal(4))
    assert result.mean == Decimal("12.00") and result.spread == Decimal(6)
    assert result.disagree and result.missing == 1
    assert not agreement([Decimal(12), Decimal(13)], expected=2, alert=Decimal(4)).disagree
    assert agreement([], expected=2, alert=Decimal(4)).mean is None
