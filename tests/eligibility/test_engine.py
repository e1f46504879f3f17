"""The rule engine: for every code of the catalog, a dossier that raises it and one that does not."""

import datetime as dt
from decimal import Decimal

import pytest

from calls.definition_files import load_shipped_definitions
from calls.vocabulary import RuleCode
from eligibility.dossier import parse_dossier
from eligibility.engine import SEVERITIES, History, OtherSubmission, PriorAction, Severity, check_dossier
from tests.eligibility.dossiers import clact_action, clact_dossier, normandie_dossier

CALLS = load_shipped_definitions()
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def check(data: dict, history: History | None = None):
    dossier = parse_dossier(data)
    return check_dossier(dossier, CALLS[dossier.campaign], history, now=NOW)


def codes(data: dict, history: History | None = None) -> list[str]:
    return check(data, history).codes


def test_the_clean_clact_dossier_is_admissible_without_any_finding():
    result = check(clact_dossier())
    assert result.findings == ()
    assert result.admissible
    assert [(verdict.index, verdict.eligible, verdict.fundable) for verdict in result.actions] == [
        (1, True, Decimal("12000.00"))
    ]


def test_the_clean_normandie_dossier_is_admissible_without_any_finding():
    result = check(normandie_dossier())
    assert result.findings == ()
    assert result.admissible


def with_actions(*actions):
    return clact_dossier(actions=list(actions))


def history_with_submission(submitted_at):
    return History(
        submissions=(OtherSubmission("DS-000001", "670000272", "clact-grand-est-2024", submitted_at),)
    )


PRIOR_UNIMPLEMENTED = History(
    prior_actions=(
        PriorAction(
            "CLACT-2021-7/1",
            "670000272",
            "clact-grand-est-2021",
            "Rails de transfert",
            dt.date(2021, 10, 15),
            implemented=False,
            explained=True,
        ),
    )
)
PRIOR_IMPLEMENTED = History(
    prior_actions=(
        PriorAction(
            "CLACT-2021-7/1",
            "670000272",
            "clact-grand-est-2021",
            "Rails de transfert",
            dt.date(2021, 10, 15),
            implemented=True,
        ),
    )
)

# code → (a dossier that raises it, a close dossier that does not), with the history each needs.
CASES = {
    RuleCode.DEADLINE_PASSED: (
        (clact_dossier(submitted_at="2024-05-11T08:00:00+02:00"), None),
        (clact_dossier(submitted_at="2024-05-10T08:00:00+02:00"), None),
    ),
    RuleCode.NO_ACTION: ((with_actions(), None), (with_actions(clact_action()), None)),
    RuleCode.TOO_MANY_ACTIONS: (
        (with_actions(*[clact_action(priority=n) for n in range(6)]), None),
        (with_actions(*[clact_action(priority=n) for n in range(5)]), None),
    ),
    RuleCode.OUT_OF_REGION: (
        (clact_dossier(establishment={**clact_dossier()["establishment"], "department": "14"}), None),
        (clact_dossier(establishment={**clact_dossier()["establishment"], "department": "57"}), None),
    ),
    RuleCode.SECTOR_NOT_ELIGIBLE: (
        (clact_dossier(establishment={**clact_dossier()["establishment"], "sector": "social"}), None),
        (clact_dossier(establishment={**clact_dossier()["establishment"], "sector": "medico_social"}), None),
    ),
    RuleCode.FINESS_INVALID: (
        (clact_dossier(establishment={**clact_dossier()["establishment"], "finess": "670000273"}), None),
        (clact_dossier(establishment={**clact_dossier()["establishment"], "finess": "670780055"}), None),
    ),
    RuleCode.SIRET_INVALID: (
        (clact_dossier(establishment={**clact_dossier()["establishment"], "siret": "26670005700017"}), None),
        (clact_dossier(establishment={**clact_dossier()["establishment"], "siret": "35600000000048"}), None),
    ),
    RuleCode.DUPLICATE_DOSSIER: (
        (clact_dossier(), history_with_submission(dt.datetime(2024, 5, 2, tzinfo=dt.UTC))),
        (clact_dossier(), history_with_submission(dt.datetime(2024, 5, 10, 18, 0, tzinfo=dt.UTC))),
    ),
    RuleCode.MISSING_ATTACHMENT: (
        (clact_dossier(attachments=clact_dossier()["attachments"][1:]), None),
        (clact_dossier(), None),
    ),
    RuleCode.DUERP_NOT_PROVIDED: (
        (
            clact_dossier(
                attachments=[a for a in clact_dossier()["attachments"] if a["kind"] != "duerp"]
                + [{"kind": "duerp_commitment_letter", "file": "engagement.pdf"}]
            ),
            None,
        ),
        (
            clact_dossier(
                attachments=[
                    *clact_dossier()["attachments"],
                    {"kind": "duerp_commitment_letter", "file": "l.pdf"},
                ]
            ),
            None,
        ),
    ),
    RuleCode.NO_INDICATOR: (
        (with_actions(clact_action(indicators=[])), None),
        (with_actions(clact_action()), None),
    ),
    RuleCode.QUOTE_MISSING: (
        (with_actions(clact_action(quotes=[])), None),
        (with_actions(clact_action()), None),
    ),
    RuleCode.FINANCING_UNBALANCED: (
        (with_actions(clact_action(own_funding=11000)), None),
        (with_actions(clact_action(own_funding=12000)), None),
    ),
    RuleCode.COFINANCING_TOO_LOW: (
        (
            with_actions(
                clact_action(
                    requested=12000,
                    own_funding=11999.99,
                    other_funding=[{"funder": "Région", "amount": 0.01}],
                )
            ),
            None,
        ),
        (with_actions(clact_action(requested=12000, own_funding=12000)), None),
    ),
    RuleCode.REQUEST_ABOVE_RATE: (
        (
            with_actions(
                clact_action(requested=12000.01, own_funding=12000, other_funding=[], cost=24000.01)
            ),
            None,
        ),
        (with_actions(clact_action()), None),
    ),
    RuleCode.THEME_NOT_ELIGIBLE: (
        (with_actions(clact_action(theme="cuisine", catalog_item=None)), None),
        (with_actions(clact_action(theme="rps", axis="1", catalog_item=None)), None),
    ),
    RuleCode.EXCLUDED_EXPENSE: (
        (with_actions(clact_action(expense_nature="salary")), None),
        (with_actions(clact_action(expense_nature="training")), None),
    ),
    RuleCode.MOTIVATION_REQUIRED: (
        (with_actions(clact_action(motivation="  ")), None),
        (with_actions(clact_action(catalog_item="aide_technique_sante_mentale", motivation="")), None),
    ),
    RuleCode.ENDS_AFTER_CONSUMPTION_DEADLINE: (
        (with_actions(clact_action(end="2027-01-01")), None),
        (with_actions(clact_action(end="2026-10-09")), None),
    ),
    RuleCode.BEYOND_24_MONTHS: (
        (with_actions(clact_action(end="2026-10-10")), None),
        (with_actions(clact_action(end="2026-10-09")), None),
    ),
    RuleCode.STARTS_TOO_LATE: (
        (with_actions(clact_action(start="2025-10-10", end="2026-06-30")), None),
        (with_actions(clact_action(start="2025-10-09", end="2026-06-30")), None),
    ),
    RuleCode.PRIOR_UNIMPLEMENTED: (
        (with_actions(clact_action(renews_action="CLACT-2021-7/1")), PRIOR_UNIMPLEMENTED),
        (with_actions(clact_action(renews_action="CLACT-2021-7/1")), PRIOR_IMPLEMENTED),
    ),
    RuleCode.PRIOR_NOT_IMPLEMENTED_2Y: (
        (
            clact_dossier(),
            History(
                prior_actions=(
                    PriorAction(
                        "P/1", "670000272", "clact-grand-est-2021", "Rails", dt.date(2022, 5, 10), False
                    ),
                )
            ),
        ),
        (
            clact_dossier(),
            History(
                prior_actions=(
                    PriorAction(
                        "P/1", "670000272", "clact-grand-est-2022", "Rails", dt.date(2022, 5, 11), False
                    ),
                )
            ),
        ),
    ),
    RuleCode.PARTNER_MISSING_FINESS: (
        (with_actions(clact_action(mutualized=True)), None),
        (
            clact_dossier(
                actions=[clact_action(mutualized=True)],
                partners=[{"name": "EHPAD Les Tilleuls", "finess": "670783505"}],
            ),
            None,
        ),
    ),
    RuleCode.TRINOME_INCOMPLETE: (
        (normandie_dossier(trinome=normandie_dossier()["trinome"][:2]), None),
        (normandie_dossier(), None),
    ),
    RuleCode.CRITERIA_NOT_ADDRESSED: (
        (
            normandie_dossier(
                project={"motivation": {**normandie_dossier()["project"]["motivation"], "commitment": " "}}
            ),
            None,
        ),
        (normandie_dossier(), None),
    ),
}


def test_every_code_of_the_catalog_has_a_case():
    assert set(CASES) == set(RuleCode)


@pytest.mark.parametrize("code", list(RuleCode), ids=str)
def test_a_dossier_that_breaks_the_rule_raises_its_code(code):
    (data, history), _ = CASES[code]
    result = check(data, history)
    raised = [finding for finding in result.findings if finding.code == code]
    assert raised, result.codes
    assert all(finding.severity == SEVERITIES[code] for finding in raised)
    assert result.admissible is (SEVERITIES[code] != Severity.BLOCKING or not raised)


@pytest.mark.parametrize("code", list(RuleCode), ids=str)
def test_a_dossier_that_keeps_the_rule_does_not_raise_it(code):
    _, (data, history) = CASES[code]
    assert code not in codes(data, history)


@pytest.mark.parametrize(
    ("submitted_at", "late"),
    [
        ("2024-05-10T23:59:59+02:00", False),
        ("2024-05-11T00:00:00+02:00", True),
        ("2024-05-10T21:59:59Z", False),
        ("2024-05-10T22:00:00Z", True),
        ("2024-05-10T23:59:59", False),
        ("2024-05-11T00:00:00", True),
    ],
    ids=["paris-235959", "paris-000000", "utc-215959", "utc-220000", "naive-235959", "naive-000000"],
)
def test_the_deadline_boundary(submitted_at, late):
    assert ("DEADLINE_PASSED" in codes(clact_dossier(submitted_at=submitted_at))) is late


def test_a_draft_is_never_late():
    assert "DEADLINE_PASSED" not in codes(clact_dossier(submitted_at=None))


@pytest.mark.parametrize(("count", "too_many"), [(5, False), (6, True)])
def test_five_actions_pass_and_six_do_not(count, too_many):
    result = check(with_actions(*[clact_action(priority=n) for n in range(count)]))
    assert ("TOO_MANY_ACTIONS" in result.codes) is too_many
    assert result.admissible is not too_many


def test_the_too_many_actions_message_names_the_figures_and_the_source():
    [finding] = check(with_actions(*[clact_action() for _ in range(6)])).findings
    assert finding.message.startswith("Le dossier compte 6 actions ; l'appel en autorise 5 au plus.")
    assert "supérieur à 5 sera déclaré irrecevable" in finding.message
    assert finding.action is None


def test_an_ineligible_action_is_not_fundable_but_does_not_sink_the_dossier():
    result = check(with_actions(clact_action(), clact_action(expense_nature="works")))
    assert result.admissible
    assert [(v.eligible, v.fundable) for v in result.actions] == [
        (True, Decimal("12000.00")),
        (False, Decimal("0.00")),
    ]
    [finding] = result.findings
    assert (finding.code, finding.action) == ("EXCLUDED_EXPENSE", 2)


def test_the_fundable_amount_is_capped_at_the_rate():
    result = check(with_actions(clact_action(cost=10000, requested=6000, own_funding=4000, other_funding=[])))
    assert result.actions[0].fundable == Decimal("5000.00")
    assert "REQUEST_ABOVE_RATE" in result.codes


def test_a_recognised_funder_with_money_excludes_the_action():
    action = clact_action(requested=11000, other_funding=[{"funder": "anfh", "amount": 1000}])
    assert codes(with_actions(action)) == ["EXCLUDED_EXPENSE"]


def test_one_missing_attachment_finding_per_missing_kind():
    result = check(clact_dossier(attachments=[]))
    assert result.codes == ["MISSING_ATTACHMENT"] * 6


def test_a_commitment_letter_instead_of_the_duerp_is_one_finding_not_two():
    attachments = [a for a in clact_dossier()["attachments"] if a["kind"] != "duerp"]
    attachments.append({"kind": "duerp_commitment_letter", "file": "lettre.pdf"})
    assert codes(clact_dossier(attachments=attachments)) == ["DUERP_NOT_PROVIDED"]


def test_a_draft_runs_every_other_rule():
    assert "QUOTE_MISSING" in codes(clact_dossier(submitted_at=None, actions=[clact_action(quotes=[])]))


def test_support_program_rules_do_not_run_on_a_funding_call_and_the_reverse():
    assert "TRINOME_INCOMPLETE" not in codes(clact_dossier(trinome=[]))
    assert "NO_ACTION" not in codes(normandie_dossier())


def test_the_normandie_wave_decides_the_departments():
    eure = {**normandie_dossier()["establishment"], "department": "27"}
    assert "OUT_OF_REGION" in codes(normandie_dossier(establishment=eure))
    assert "OUT_OF_REGION" not in codes(normandie_dossier(campaign="aac-normandie-2025", establishment=eure))


def test_findings_are_ordered_dossier_first_then_by_action():
    data = clact_dossier(attachments=[], actions=[clact_action(quotes=[]), clact_action(indicators=[])])
    result = check(data)
    assert [finding.action for finding in result.findings] == [None] * 6 + [1, 2]


def test_the_result_has_the_spec_shape():
    payload = check(clact_dossier()).as_json()
    assert set(payload) == {"reference", "campaign", "admissible", "findings", "actions"}
    assert payload["actions"] == [{"index": 1, "eligible": True, "fundable": 12000.0}]
