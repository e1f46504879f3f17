"""The admissibility rule engine: pure functions from a dossier, its call and its history to findings.

No ORM, no HTTP: the CLI, the web, the API and the imports share this one implementation. Every parameter
(limits, rates, dates, attachments, catalog) comes from the call definition, and a rule runs only when the call
lists its code; each finding's message names the figure at fault and quotes the call's rule. The rules are in
`rules` and `funding_rules`, their table (severity, label, section, filing) in `catalog`, the types in `results`.
"""

import datetime as dt
from decimal import Decimal

from calls.definition import CallDefinition
from calls.vocabulary import RuleCode

from .catalog import CATALOG, SEVERITIES
from .dossier import Dossier
from .funding_rules import fundable_amount, subsidy_cap
from .results import ActionVerdict, CheckResult, Finding, History, OtherSubmission, PriorAction, Severity
from .rules import RuleContext

# The engine's public face: callers import the result types and the amounts from here.
__all__ = [
    "SEVERITIES",
    "ActionVerdict",
    "CheckResult",
    "Finding",
    "History",
    "OtherSubmission",
    "PriorAction",
    "Severity",
    "check_dossier",
    "fundable_amount",
    "subsidy_cap",
]


# Findings are sorted by action, then in the catalog's order.
_CATALOG_RANK = {code: rank for rank, code in enumerate(RuleCode)}
# The rules of the last call checked, with their sources: `qvct check` and the scenario run check thousands of
# dossiers of one call (a single entry, read and replaced whole, so that no other definition is kept alive).
_last_call: tuple = (None, {})


def _sources(call: CallDefinition) -> dict[RuleCode, str]:
    """The codes the call lists, each with its source text, as `call.rule_source` finds it (the first one)."""
    global _last_call
    last = _last_call
    if last[0] is not call:
        sources: dict[RuleCode, str] = {}
        for rule in call.rules:
            sources.setdefault(rule.code, rule.source)
        last = _last_call = (call, sources)
    return last[1]


def check_dossier(
    dossier: Dossier,
    call: CallDefinition,
    history: History | None = None,
    now: dt.datetime | None = None,
) -> CheckResult:
    """Runs every rule the call lists over the dossier; `now` only matters for drafts and history."""
    listed = _sources(call)
    ctx = RuleContext(
        dossier, call, history or History(), now or dt.datetime.now(tz=dt.UTC), SEVERITIES, listed
    )
    for code, rule in CATALOG.items():
        if code in listed and rule.check is not None:
            rule.check(ctx)
    findings = tuple(
        sorted(ctx.findings, key=lambda finding: (finding.action or 0, _CATALOG_RANK[finding.code]))
    )
    verdicts = []
    for index, action in enumerate(dossier.actions, start=1):
        eligible = not any(f.action == index and f.severity == Severity.ACTION for f in findings)
        fundable = fundable_amount(action.requested, action.cost, call) if eligible else Decimal("0.00")
        verdicts.append(ActionVerdict(index, eligible, fundable))
    return CheckResult(dossier.reference, dossier.campaign, findings, tuple(verdicts))
