"""Rules on a dossier's funding plan and schedule as a whole: own share on the totals, start after the grant."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from calls.definition import RuleCode

from .dossier import PARIS
from .wording import CENT, add_months, euros, french_date, percent

if TYPE_CHECKING:
    from .engine import _Context

HUNDRED = Decimal(100)


def minimum_own_share(cost: Decimal, funding) -> Decimal:
    """The least own funding the call asks on a cost (its minimum co-financing rate)."""
    return (cost * funding.min_cofinancing_rate / HUNDRED).quantize(CENT)


def own_share_on_totals(ctx: "_Context") -> None:
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


def grant_date(ctx: "_Context") -> dt.date:
    """The funding agreement: the call's notification date, else the day of filing (or today for a draft)."""
    return (
        ctx.call.calendar.notification_from or (ctx.dossier.submitted_at or ctx.now).astimezone(PARIS).date()
    )


def starts_too_late(ctx: "_Context") -> None:
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
