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


def check_dossier(
    dossier: Dossier,
    call: CallDefinition,
    history: History | None = None,
    now: dt.datetime | None = None,
) -> CheckResult:
    """Runs every rule the call lists over the dossier; `now` only matters for drafts and history."""
    ctx = RuleContext(dossier, call, history or History(), now or dt.datetime.now(tz=dt.UTC), SEVERITIES)
    listed = {rule.code for rule in call.rules}
    for code, rule in CATALOG.items():
        if code in listed and rule.check is not None:
            rule.check(ctx)
    catalog_order = list(RuleCode)
    findings = tuple(
        sorted(ctx.findings, key=lambda finding: (finding.action or 0, catalog_order.index(finding.code)))
    )
    verdicts = []
    for index, action in enumerate(dossier.actions, start=1):
        eligible = not any(f.action == index and f.severity == Severity.ACTION for f in findings)
        fundable = fundable_amount(action.requested, action.cost, call) if eligible else Decimal("0.00")
        verdicts.append(ActionVerdict(index, eligible, fundable))
    return CheckResult(dossier.reference, dossier.campaign, findings, tuple(verdicts))
