"""The committee's evaluation grid: pre-scores from the data, weighted totals, agreement between members.

Pure: plain values in, plain values out. The criteria, their weights, maximum scores and signals come from the
call definition (`CallDefinition.criteria`); nothing here knows a call.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qvct.formats import date as french_date
from qvct.months import add_months

TWENTY = Decimal(20)


@dataclass(frozen=True)
class ActionFacts:
    mutualized: bool
    agents_concerned: int | None
    end: dt.date | None


@dataclass(frozen=True)
class DossierFacts:
    """What the data says of a dossier, for the signals of the grid."""

    headcount: int | None
    actions: tuple[ActionFacts, ...]
    granted_from: dt.date | None  # the call's notification date: the 24 months run from there


@dataclass(frozen=True)
class Prescore:
    value: int
    reason: str


def _share(max_score: int, part: int, whole: int) -> int:
    return int((Decimal(max_score * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def prescore(signal: str | None, max_score: int, facts: DossierFacts, months: int | None) -> Prescore | None:
    """The score the data suggests for a criterion with a signal, with why; None for judgement criteria."""
    actions = facts.actions
    if signal is None or not actions:
        return None
    if signal == "mutualized":
        shared = sum(action.mutualized for action in actions)
        return Prescore(
            _share(max_score, shared, len(actions)), f"{shared} action(s) mutualisée(s) sur {len(actions)}"
        )
    if signal == "agents_concerned":
        agents = max((action.agents_concerned or 0) for action in actions)
        if not facts.headcount:
            return Prescore(0, "effectif de l'établissement non renseigné")
        share = min(Decimal(agents) / facts.headcount, Decimal(1))
        value = int((share * max_score).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return Prescore(value, f"jusqu'à {agents} agents concernés pour un effectif de {facts.headcount}")
    if signal == "schedule":
        if facts.granted_from is None or months is None:
            return None
        limit = add_months(facts.granted_from, months)
        on_time = sum(1 for action in actions if action.end is not None and action.end <= limit)
        value = round(max_score * on_time / len(actions))
        return Prescore(
            value, f"{on_time} action(s) sur {len(actions)} achevée(s) au plus tard le {french_date(limit)}"
        )
    return None


@dataclass(frozen=True)
class GridCriterion:
    code: str
    weight: Decimal
    max_score: int


def total_on_20(criteria: Sequence[GridCriterion], scores: Mapping[str, int]) -> Decimal | None:
    """Σ weight × score over Σ weight × maximum, on 20; None until every weighted criterion is scored."""
    weighted = [criterion for criterion in criteria if criterion.weight > 0]
    if not weighted or any(criterion.code not in scores for criterion in weighted):
        return None
    got = sum(criterion.weight * scores[criterion.code] for criterion in weighted)
    best = sum(criterion.weight * criterion.max_score for criterion in weighted)
    return (Decimal(got) / Decimal(best) * TWENTY).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Agreement:
    mean: Decimal | None
    spread: Decimal | None  # highest minus lowest total
    stdev: Decimal | None
    scored: int
    expected: int
    disagree: bool

    @property
    def missing(self) -> int:
        return self.expected - self.scored


def agreement(totals: Iterable[Decimal], expected: int, alert: Decimal) -> Agreement:
    """Mean, dispersion and the flag when members' totals are `alert` points apart or more."""
    totals = list(totals)
    if not totals:
        return Agreement(None, None, None, 0, expected, False)
    mean = (sum(totals) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    spread = max(totals) - min(totals)
    stdev = (
        Decimal(str(statistics.pstdev([float(t) for t in totals]))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        if len(totals) > 1
        else Decimal(0)
    )
    return Agreement(mean, spread, stdev, len(totals), expected, spread >= alert)
