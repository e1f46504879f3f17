"""The funding plan's amounts and rules: what an action can be granted (one computation for the live totals, the
findings and the allocation), the own share on the totals, the start after the grant."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from calls.definition import CallDefinition
from calls.vocabulary import RuleCode
from qvct.months import add_months

from .dossier import PARIS
from .wording import CENT, euros, french_date, percent

if TYPE_CHECKING:
    from .rules import RuleContext

HUNDRED = Decimal(100)


def minimum_own_share(cost: Decimal, funding) -> Decimal:
    """The least own funding the call asks on a cost (its minimum co-financing rate)."""
    return (cost * funding.min_cofinancing_rate / HUNDRED).quantize(CENT)


def own_share_on_totals(ctx: "RuleContext") -> None:
    """The call's minimum own share is a share of the whole project: the dossier's totals, not each action's."""
    funding = ctx.call.funding
    if not funding or not ctx.dossier.actions:
        return
    cost = sum((action.cost for action in ctx.dossier.actions), Decimal(0))
    own = sum((action.own_funding for action in ctx.dossier.actions), Decimal(0))
    minimum = minimum_own_share(cost, funding)
    if own < minimum:
        ctx.add(
            RuleCode.COFINANCING_TOO_LOW,
            f"Le financement propre de l'établissement, toutes actions confondues ({euros(own)}), est inférieur "
            f"à {percent(funding.min_cofinancing_rate)} du coût total des actions ({euros(minimum)} sur "
            f"{euros(cost)}).",
        )


def grant_date(ctx: "RuleContext") -> dt.date:
    """The funding agreement: the call's notification date, else the day of filing (or today for a draft)."""
    return (
        ctx.call.calendar.notification_from or (ctx.dossier.submitted_at or ctx.now).astimezone(PARIS).date()
    )


def starts_too_late(ctx: "RuleContext") -> None:
    funding = ctx.call.funding
    if not (funding and funding.start_max_months):
        return
    granted = grant_date(ctx)
    limit = add_months(granted, funding.start_max_months)
    for index, action in ctx.actions():
        if action.start and action.start > limit:
            ctx.add(
                RuleCode.STARTS_TOO_LATE,
                f"Action {index} : début prévu le {french_date(action.start)}, plus de "
                f"{funding.start_max_months} mois après l'accord de financement ({french_date(granted)}, au plus "
                f"tard le {french_date(limit)}).",
                index,
            )


def subsidy_cap(cost: Decimal, call: CallDefinition) -> Decimal:
    """The most the call's subsidy rate grants on a cost, rounded down to the cent (never above the rate)."""
    rate = call.funding.subsidy_rate if call.funding else Decimal(0)
    return (cost * rate / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)


def fundable_amount(requested: Decimal, cost: Decimal, call: CallDefinition) -> Decimal:
    """What an eligible action can be granted: its request, capped by the subsidy rate. One computation for the
    porteur's live totals, the findings and the allocation."""
    return min(requested, subsidy_cap(cost, call)).quantize(CENT)
