"""Recoveries carried to the establishment's next notification of credits (« récupération … lors de la prochaine
notification de crédits »): which closings a call's decisions deduct, and the net amounts."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from dossiers.models import Dossier

from .models import Closing


def pending_closings(call, establishment_ids) -> dict[int, list[Closing]]:
    """Per establishment, the recoveries of other calls not yet deducted (or deducted by this call)."""
    closings = (
        Closing.objects.filter(establishment_id__in=list(establishment_ids), to_recover__gt=0)
        .exclude(follow_up__dossier__call=call)
        .filter(Q(deducted_in__isnull=True) | Q(deducted_in__call=call))
        .select_related("follow_up__dossier__call")
        .order_by("closed_at", "pk")
    )
    found: dict[int, list[Closing]] = defaultdict(list)
    for closing in closings:
        found[closing.establishment_id].append(closing)
    return found


def deductions_for(dossier) -> tuple[list[Closing], Decimal]:
    closings = pending_closings(dossier.call, [dossier.establishment_id]).get(dossier.establishment_id, [])
    return closings, sum((c.to_recover for c in closings), Decimal(0))


def deductions_mark(dossier, closings) -> None:
    """Called in the letter's transaction: these recoveries are now deducted by this notification."""
    Closing.objects.filter(pk__in=[c.pk for c in closings], deducted_in__isnull=True).update(
        deducted_in=dossier
    )


def deduction_rows(call, decisions) -> list[dict]:
    """For the decisions page: per dossier with a recovery to deduct, granted, deduction and net."""
    granted: dict[int, Decimal] = defaultdict(Decimal)
    dossiers = {}
    for decision in decisions:
        granted[decision.dossier_id] += decision.granted
        dossiers[decision.dossier_id] = decision.dossier
    pending = pending_closings(call, {d.establishment_id for d in dossiers.values()})
    rows = []
    for pk, dossier in dossiers.items():
        closings = pending.get(dossier.establishment_id)
        if not closings:
            continue
        deduction = sum((c.to_recover for c in closings), Decimal(0))
        rows.append(
            {
                "dossier": dossier,
                "closings": closings,
                "granted": granted[pk],
                "deduction": deduction,
                # Only a grant carries a deduction: nothing is notified to a dossier not retained.
                "net": max(Decimal(0), granted[pk] - deduction) if granted[pk] else Decimal(0),
            }
        )
    return rows


def net_of_scenario(call, funded_references, total: Decimal) -> tuple[Decimal, Decimal]:
    """The recoveries the scenario's funded dossiers would carry, and the net total paid out."""
    establishments = set(
        Dossier.objects.filter(call=call, reference__in=list(funded_references)).values_list(
            "establishment_id", flat=True
        )
    )
    pending = pending_closings(call, establishments)
    deduction = sum((c.to_recover for items in pending.values() for c in items), Decimal(0))
    return deduction, total - deduction
