"""The CLACT readings of the seed: own share on the dossier's totals, plan-de-formation training, late starts."""

import datetime as dt
from decimal import Decimal

from calls.definition_files import load_shipped_definitions
from calls.vocabulary import RuleCode
from eligibility.dossier import parse_dossier
from eligibility.engine import Severity, check_dossier
from tests.eligibility.dossiers import clact_action, clact_dossier

CALLS = load_shipped_definitions()
CLACT = CALLS["clact-grand-est-2024"]
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def check(data: dict, call=CLACT):
    return check_dossier(parse_dossier(data), call, now=NOW)


def test_the_minimum_own_share_is_checked_on_the_dossier_totals_not_per_action():
    # 40 % on one action, 60 % on the other: 50 % of the whole project, as the call asks.
    result = check(
        clact_dossier(
            actions=[
                clact_action(cost=10000, requested=6000, own_funding=4000, other_funding=[]),
                clact_action(cost=10000, requested=4000, own_funding=6000, other_funding=[]),
            ]
        )
    )
    assert RuleCode.COFINANCING_TOO_LOW not in result.codes


def test_a_low_own_share_overall_is_one_blocking_finding_of_the_dossier_naming_the_totals():
    result = check(
        clact_dossier(
            actions=[
                clact_action(cost=10000, requested=6000, own_funding=4000, other_funding=[]),
                clact_action(cost=10000, requested=5000, own_funding=5000, other_funding=[]),
            ]
        )
    )
    [finding] = [f for f in result.findings if f.code == RuleCode.COFINANCING_TOO_LOW]
    assert finding.action is None and finding.severity == Severity.BLOCKING
    assert "9 000,00 €" in finding.message and "10 000,00 € sur 20 000,00 €" in finding.message
    assert "50 % au minimum" in finding.message


def test_the_fundable_amount_stays_capped_per_action_at_the_subsidy_rate():
    result = check(
        clact_dossier(
            actions=[
                clact_action(cost=10000, requested=6000, own_funding=4000, other_funding=[]),
                clact_action(cost=10000, requested=4000, own_funding=6000, other_funding=[]),
            ]
        )
    )
    assert [verdict.fundable for verdict in result.actions] == [Decimal("5000.00"), Decimal("4000.00")]
    assert [f.action for f in result.findings if f.code == RuleCode.REQUEST_ABOVE_RATE] == [1]


def test_training_of_the_regular_training_plan_is_an_excluded_expense():
    result = check(clact_dossier(actions=[clact_action(expense_nature="training", training_plan=True)]))
    [finding] = [f for f in result.findings if f.code == RuleCode.EXCLUDED_EXPENSE]
    assert finding.action == 1 and "plan de formation" in finding.message
    assert result.actions[0].eligible is False and result.actions[0].fundable == 0


def test_training_outside_the_training_plan_stays_eligible():
    result = check(clact_dossier(actions=[clact_action(expense_nature="training", training_plan=False)]))
    assert RuleCode.EXCLUDED_EXPENSE not in result.codes


def test_a_call_that_does_not_exclude_the_training_plan_funds_it():
    funding = CLACT.funding.model_copy(update={"training_plan_excluded": False})
    call = CLACT.model_copy(update={"funding": funding})
    result = check(clact_dossier(actions=[clact_action(training_plan=True)]), call)
    assert RuleCode.EXCLUDED_EXPENSE not in result.codes


def test_an_action_starting_more_than_a_year_after_the_notification_is_a_warning_quoting_the_call():
    result = check(clact_dossier(actions=[clact_action(start="2025-10-10", end="2026-06-30")]))
    [finding] = [f for f in result.findings if f.code == RuleCode.STARTS_TOO_LATE]
    assert finding.severity == Severity.WARNING and finding.action == 1
    assert "10 octobre 2025" in finding.message and "9 octobre 2024" in finding.message
    assert "débutant dans l'année suivant l'accord de financement" in finding.message
    assert result.admissible


def test_the_start_limit_comes_from_the_call_definition():
    funding = CLACT.funding.model_copy(update={"start_max_months": 18})
    call = CLACT.model_copy(update={"funding": funding})
    result = check(clact_dossier(actions=[clact_action(start="2025-10-10", end="2026-06-30")]), call)
    assert RuleCode.STARTS_TOO_LATE not in result.codes
