"""What the rule engine reads besides the dossier (history) and what it returns (findings, verdicts, result).

Plain frozen dataclasses, no Django: the CLI, the web, the API and the imports share them.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from calls.vocabulary import RuleCode


class Severity(StrEnum):
    BLOCKING = "blocking"
    ACTION = "action"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    code: RuleCode
    severity: Severity
    action: int | None  # 1-based index of the action concerned, None for the dossier
    message: str
    source: str = ""

    def as_json(self) -> dict:
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "action": self.action,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class ActionVerdict:
    index: int
    eligible: bool
    fundable: Decimal

    def as_json(self) -> dict:
        return {"index": self.index, "eligible": self.eligible, "fundable": float(self.fundable)}


@dataclass(frozen=True)
class CheckResult:
    reference: str | None
    campaign: str
    findings: tuple[Finding, ...]
    actions: tuple[ActionVerdict, ...]

    @property
    def admissible(self) -> bool:
        return not any(finding.severity == Severity.BLOCKING for finding in self.findings)

    @property
    def codes(self) -> list[str]:
        return [finding.code.value for finding in self.findings]

    def for_action(self, index: int) -> list[Finding]:
        return [finding for finding in self.findings if finding.action == index]

    def as_json(self) -> dict:
        return {
            "reference": self.reference,
            "campaign": self.campaign,
            "admissible": self.admissible,
            "findings": [finding.as_json() for finding in self.findings],
            "actions": [verdict.as_json() for verdict in self.actions],
        }


@dataclass(frozen=True)
class OtherSubmission:
    """Another dossier of the same call, as the history knows it."""

    reference: str
    finess: str
    campaign: str
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class PriorAction:
    """An action funded by an earlier call, with what became of it."""

    reference: str
    finess: str
    campaign: str
    title: str
    granted_on: dt.date
    implemented: bool
    explained: bool = False


@dataclass(frozen=True)
class History:
    """What the rules that look back need: the other dossiers and the actions funded before."""

    submissions: tuple[OtherSubmission, ...] = ()
    prior_actions: tuple[PriorAction, ...] = ()
