"""The envelope's allocation, `qvct.allocation/1` (shared/spec/allocation-format.md): pure, no ORM, no HTTP.

Amounts are handled in integer cents, so that `total` never exceeds the envelope by rounding. Two methods:

- `rank`, what committees do by hand: floors first, then by score, amount and id;
- `optimal`, maximising Σ score × granted euros with HiGHS: an integer programme when actions are all or nothing,
  a linear programme when partial grants are allowed (its matrix is totally unimodular — one envelope row and
  disjoint department rows — so a vertex solution in cents is integral).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import highspy
import numpy as np

from .allocation_input import (
    FORMAT,
    METHODS,
    AllocationFormatError,
    Item,
    Method,
    Problem,
    french_cents,
)

CENT = Decimal("0.01")
# HiGHS stops after this many seconds unless told otherwise; the result then says the optimum is not proven.
DEFAULT_TIME_LIMIT = 60.0
# HiGHS's presolve of a large knapsack does not heed the time limit (20 000 items: minutes); above this size
# the solver starts without it and stays within its time.
PRESOLVE_MAX_ITEMS = 5000
# The linear relaxation that bounds a stopped integer programme takes well under a second, even nationally.
RELAXATION_TIME_LIMIT = 10.0


class AllocationUnsolved(RuntimeError):
    """The solver stopped without a proven answer and without any feasible grant to offer."""


class AllocationInfeasible(ValueError):
    """The department floors cannot all be met within the envelope."""

    def __init__(self, departments: list[str], detail: str) -> None:
        self.departments = departments
        super().__init__(detail)


@dataclass(frozen=True)
class Result:
    method: str
    optimal: bool
    envelope: int
    granted: dict[str, int]  # item id → cents, only non-zero grants
    items: tuple[Item, ...]
    stopped: str | None = None  # "time_limit" when the solver was stopped before proving the optimum
    best_bound: Decimal | None = None  # proven upper bound of the value, when stopped

    @property
    def gap(self) -> Decimal | None:
        """How far the value may be from the optimum, relative to the bound (0.001 = 0.1 %)."""
        if self.best_bound is None or self.best_bound <= 0:
            return None
        return max(Decimal(0), (self.best_bound - self.value) / self.best_bound)

    @property
    def total(self) -> int:
        return sum(self.granted.values())

    @property
    def value(self) -> Decimal:
        scores = {item.id: item.score for item in self.items}
        return sum((scores[i] * Decimal(cents) / 100 for i, cents in self.granted.items()), Decimal(0))

    @property
    def refused(self) -> list[str]:
        return [item.id for item in self.items if item.id not in self.granted]

    @property
    def by_department(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for item in self.items:
            if item.id in self.granted:
                totals[item.department] = totals.get(item.department, 0) + self.granted[item.id]
        return dict(sorted(totals.items()))

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "method": self.method,
            "optimal": self.optimal,
            "envelope": _euros(self.envelope),
            "total": _euros(self.total),
            "value": float(self.value.quantize(CENT, rounding=ROUND_HALF_UP)),
            "granted": [
                {"id": item.id, "amount": _euros(self.granted[item.id])}
                for item in self.items
                if item.id in self.granted
            ],
            "refused": self.refused,
            "by_department": {code: _euros(cents) for code, cents in self.by_department.items()},
            # Extension of the shared format, present only when the solver was stopped (docs/user-guide/agents.md).
            **(
                {
                    "stopped": self.stopped,
                    "best_bound": None
                    if self.best_bound is None
                    else float(self.best_bound.quantize(CENT, rounding=ROUND_HALF_UP)),
                    "gap": None if self.gap is None else float(self.gap.quantize(Decimal("0.000001"))),
                }
                if self.stopped
                else {}
            ),
        }


def _euros(cents: int) -> float:
    return float(Decimal(cents) / 100)


def rank_order(items) -> list[Item]:
    """Score descending, then amount ascending, then id."""
    return sorted(items, key=lambda item: (-item.score, item.amount, item.id))


def effective_floors(problem: Problem) -> dict[str, int]:
    """Each floored department's due: min(floor, total amount of its items)."""
    totals: dict[str, int] = {}
    for item in problem.items:
        totals[item.department] = totals.get(item.department, 0) + item.amount
    return {
        code: min(floor, totals.get(code, 0))
        for code, floor in sorted(problem.department_floors.items())
        if min(floor, totals.get(code, 0)) > 0
    }


def _infeasible(departments, envelope: int, needed: int | None = None) -> AllocationInfeasible:
    detail = (
        f"les planchers des départements {', '.join(departments)} ne peuvent pas tous être atteints "
        f"dans l'enveloppe de {french_cents(envelope)}"
    )
    if needed is not None:
        detail += f" (ils demandent ensemble {french_cents(needed)})"
    return AllocationInfeasible(list(departments), detail + ".")


def allocate(
    problem: Problem, method: str | None = None, *, time_limit: float = DEFAULT_TIME_LIMIT
) -> Result:
    """Proposes the grants; raises AllocationInfeasible when the floors cannot all be met."""
    method = method or problem.method
    if method not in METHODS:
        raise AllocationFormatError(f"method : « rank » ou « optimal » attendu, trouvé {method!r}.")
    floors = effective_floors(problem)
    if sum(floors.values()) > problem.envelope:
        raise _infeasible(list(floors), problem.envelope, sum(floors.values()))
    if method == Method.RANK:
        return _rank(problem, floors)
    return _optimal(problem, floors, time_limit)


def _rank(problem: Problem, floors: dict[str, int]) -> Result:
    left = problem.envelope
    granted: dict[str, int] = {}
    ordered = rank_order(problem.items)
    unmet = []
    for code, floor in floors.items():
        given = 0
        for item in ordered:
            if given >= floor:
                break
            if item.department != code or item.id in granted:
                continue
            if item.amount <= left:
                granted[item.id] = item.amount
                left -= item.amount
                given += item.amount
        if given < floor:
            unmet.append(code)
    if unmet:
        raise _infeasible(unmet, problem.envelope)
    for item in ordered:
        if item.id in granted or left <= 0:
            continue
        if item.amount <= left:
            granted[item.id] = item.amount
            left -= item.amount
        elif problem.partial:
            granted[item.id] = left
            left = 0
            break
    return Result(Method.RANK, False, problem.envelope, granted, problem.items)


def _optimal(problem: Problem, floors: dict[str, int], time_limit: float) -> Result:
    items = problem.items
    n = len(items)
    if n == 0:
        return Result(Method.OPTIMAL, True, problem.envelope, {}, items)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    if n > PRESOLVE_MAX_ITEMS:
        h.setOptionValue("presolve", "off")
    if problem.partial:
        # x_i in cents, 0 ≤ x_i ≤ amount_i; objective in score × euros.
        lower, upper = np.zeros(n), np.array([float(item.amount) for item in items])
        costs = np.array([float(item.score) / 100 for item in items])
        coefficient = lambda item: 1.0  # noqa: E731
        unit = Decimal(1)
    else:
        # y_i ∈ {0, 1}; objective score × amount, in integers when exact (see `_integer_costs`).
        lower, upper = np.zeros(n), np.ones(n)
        costs, unit = _integer_costs(items)
        coefficient = lambda item: float(item.amount)  # noqa: E731
    h.addVars(n, lower, upper)
    indices = np.arange(n, dtype=np.int32)
    h.changeColsCost(n, indices, costs)
    if not problem.partial:
        h.changeColsIntegrality(n, indices, np.array([highspy.HighsVarType.kInteger] * n))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-6)
        # The committee's own rule is given as the starting incumbent (below): the sub-MIP heuristics that look
        # for a first good solution (RINS, RENS) then cost more than they save — 2,000 actions proven optimal in
        # 1.0 s of CPU instead of 2.9 s (docs/benchmarks.md).
        h.setOptionValue("mip_heuristic_run_rins", False)
        h.setOptionValue("mip_heuristic_run_rens", False)
    values = np.array([coefficient(item) for item in items])
    h.addRow(-highspy.kHighsInf, float(problem.envelope), n, indices, values)
    for code, floor in floors.items():
        members = [i for i, item in enumerate(items) if item.department == code]
        h.addRow(
            float(floor),
            highspy.kHighsInf,
            len(members),
            np.array(members, dtype=np.int32),
            np.array([values[i] for i in members]),
        )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    if not problem.partial:
        _start_from_rank(h, problem, floors)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        raise _infeasible(list(floors), problem.envelope)
    info = h.getInfo()
    proven = status == highspy.HighsModelStatus.kOptimal
    bound = _bound(info, problem.partial, unit) if not proven else None
    if not proven and bound is None and not problem.partial:
        # The linear relaxation (partial grants allowed) is solved in a blink and bounds the all-or-nothing value.
        relaxed = _optimal(replace(problem, partial=True), floors, RELAXATION_TIME_LIMIT)
        bound = relaxed.value if relaxed.optimal else None
    solution = h.getSolution().col_value
    if info.primal_solution_status != FEASIBLE or len(solution) != n:
        if status != highspy.HighsModelStatus.kTimeLimit:
            raise AllocationUnsolved(
                f"le solveur n'a pas trouvé de répartition ({h.modelStatusToString(status)})"
            )
        # Stopped before any feasible grant: the committee's own rule gives one, the bound says how far it may be.
        fallback = _rank(problem, floors)
        return Result(Method.OPTIMAL, False, problem.envelope, fallback.granted, items, "time_limit", bound)
    granted = {}
    for item, value in zip(items, solution, strict=True):
        cents = int(value + 0.5) if problem.partial else (item.amount if value > 0.5 else 0)
        if cents > 0:
            granted[item.id] = min(cents, item.amount)
    granted = _within_envelope(granted, items, problem.envelope)
    if proven:
        return Result(Method.OPTIMAL, True, problem.envelope, granted, items)
    return Result(Method.OPTIMAL, False, problem.envelope, granted, items, "time_limit", bound)


FEASIBLE = 2  # HiGHS's kSolutionStatusFeasible


def _bound(info, partial: bool, unit: Decimal) -> Decimal | None:
    """The solver's proven upper bound of Σ score × euros, when it has one (a stopped LP has none)."""
    if partial:
        return None
    value = info.mip_dual_bound
    if value is None or value != value or abs(value) == float("inf"):
        return None
    return Decimal(str(value)) * unit


# Integers up to 2⁵³ are exact in the solver's doubles.
EXACT = 2**53


def _integer_costs(items) -> tuple[np.ndarray, Decimal]:
    """The all-or-nothing objective's costs, and what one unit of them is worth in score × euros.

    score × 10ᵈ × cents (d the scores' decimal places) when every cost and their sum stay exact integers: the
    solver then knows the objective is integral and prunes every node that cannot gain one unit. Otherwise
    score × euros, as floats."""
    places = max(max(0, -item.score.normalize().as_tuple().exponent) for item in items)
    scale = 10**places
    costs = [int(item.score * scale) * item.amount for item in items]
    if places <= 6 and sum(costs) < EXACT:
        return np.array([float(cost) for cost in costs]), Decimal(1) / (scale * 100)
    return np.array([float(item.score) * item.amount / 100 for item in items]), Decimal(1)


def _start_from_rank(h, problem: Problem, floors: dict[str, int]) -> None:
    """Gives the solver the committee's rule (`rank`) as its first incumbent, when that rule meets the floors."""
    try:
        ranked = _rank(problem, floors)
    except AllocationInfeasible:
        return
    start = highspy.HighsSolution()
    start.col_value = [1.0 if item.id in ranked.granted else 0.0 for item in problem.items]
    start.value_valid = True
    h.setSolution(start)


def _within_envelope(granted: dict[str, int], items, envelope: int) -> dict[str, int]:
    """Guards against a solver's tolerance: trims the lowest-scored partial grant by the excess cents."""
    excess = sum(granted.values()) - envelope
    if excess <= 0:
        return granted
    for item in sorted(items, key=lambda item: (item.score, item.id)):
        if item.id in granted and excess > 0:
            cut = min(excess, granted[item.id])
            granted[item.id] -= cut
            excess -= cut
            if granted[item.id] == 0:
                del granted[item.id]
    return granted
