"""The rule catalog is the one table of rule codes: every code has its severity, name, section and function."""

import datetime as dt
import re

import pytest

from calls.vocabulary import RuleCode
from eligibility.catalog import CATALOG, SUBMISSION_BLOCKERS, rule_label, section_of
from eligibility.results import Severity
from qvct.months import add_months

SECTIONS = {"identification", "pieces", "actions", "partenaires", "trinome", "motivation", "depot"}


def test_every_rule_code_has_one_catalog_entry():
    assert set(CATALOG) == set(RuleCode)


@pytest.mark.parametrize("code", list(RuleCode))
def test_each_entry_has_a_french_name_a_known_section_and_a_function(code):
    rule = CATALOG[code]
    assert rule.code == code
    assert isinstance(rule.severity, Severity)
    assert rule.label and not re.search(r"[A-Z]{3,}_|_[A-Z]", rule.label)
    assert rule.section in SECTIONS
    assert rule.check is not None or code == RuleCode.DUERP_NOT_PROVIDED


def test_filing_is_blocked_by_completeness_action_count_and_balance_only():
    assert SUBMISSION_BLOCKERS == {
        RuleCode.NO_ACTION,
        RuleCode.TOO_MANY_ACTIONS,
        RuleCode.MISSING_ATTACHMENT,
        RuleCode.DUERP_NOT_PROVIDED,
        RuleCode.QUOTE_MISSING,
        RuleCode.NO_INDICATOR,
        RuleCode.FINANCING_UNBALANCED,
        RuleCode.MOTIVATION_REQUIRED,
        RuleCode.PARTNER_MISSING_FINESS,
        RuleCode.TRINOME_INCOMPLETE,
        RuleCode.CRITERIA_NOT_ADDRESSED,
    }
    assert all(CATALOG[code].severity != Severity.WARNING for code in SUBMISSION_BLOCKERS)


def test_an_unknown_code_is_named_neutrally_never_by_itself():
    assert rule_label("MISSING_ATTACHMENT") == "pièce manquante"
    assert rule_label("NOT_A_RULE") == "constat"
    assert section_of("NOT_A_RULE") == "identification"


def test_a_filing_after_the_deadline_is_fixed_nowhere_but_on_the_filing():
    assert section_of(RuleCode.DEADLINE_PASSED) == "depot"


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 10, 11), 24, dt.date(2026, 10, 11)),
        (dt.date(2024, 8, 31), 4, dt.date(2024, 12, 31)),
        (dt.date(2024, 12, 15), 1, dt.date(2025, 1, 15)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_month_s_last(day, months, expected):
    assert add_months(day, months) == expected
