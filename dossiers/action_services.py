"""Writing a new action in one go: the action, its other funders and its indicators, or nothing at all."""

from django.db import transaction

from .models import Action, Dossier, Indicator, OtherFunding
from .services import ActionValues, action_add


def action_limit_reason(dossier: Dossier, count: int | None = None) -> str:
    """Why no action can be added any more (the call's maximum is reached), or "" when one can."""
    funding = dossier.call.spec.funding
    limit = funding.max_actions if funding else 0
    count = dossier.actions.count() if count is None else count
    if count < limit:
        return ""
    return (
        f"L'appel autorise {limit} actions au plus : le dossier en compte {count}, une action de plus le rendrait "
        "irrecevable. Supprimez ou regroupez une action existante pour en ajouter une autre."
    )


def action_create(
    *,
    dossier: Dossier,
    user,
    values: ActionValues,
    other_funding: list[tuple[str, object]],
    indicators: list[tuple[str, str, str, str]],
) -> Action:
    """Creates the action only once the porteur saves it, with its funders and indicators (one history entry)."""
    with transaction.atomic():
        action = action_add(dossier=dossier, user=user, values=values)
        OtherFunding.objects.bulk_create(
            [OtherFunding(action=action, funder=funder, amount=amount) for funder, amount in other_funding]
        )
        Indicator.objects.bulk_create(
            [Indicator(action=action, name=n, unit=u, baseline=b, target=t) for n, u, b, t in indicators]
        )
    return action
