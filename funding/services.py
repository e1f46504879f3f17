"""Scenarios of a call: the allocation problem built from the admissible dossiers, run, compared, chosen."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from calls.models import Call
from dossiers.bulk import Checked, dossiers_checked
from dossiers.enums import DossierStatus, EventKind
from dossiers.errors import text_checked
from dossiers.models import Action, Dossier
from dossiers.services import DossierError, event_record, transition_apply
from qvct.formats import euros
from qvct.limits import REASON_TEXT
from review.committee import ranking_means

from .allocation import AllocationInfeasible, AllocationUnsolved, allocate
from .allocation_input import FORMAT, AllocationFormatError, Method, french_euros, parse_problem
from .floors import floors_check
from .models import Decision, Scenario

PROGRESS_EVERY = 100  # dossiers read between two progress writes of a background run (130 for 13,000)
CAMPAIGN_CHUNK = 500  # dossiers read and checked, with their histories, in one go


@dataclass
class CampaignData:
    """The call's admissible actions as the engine sees them, with what the comparison needs."""

    items: list[dict] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)  # dossiers without a committee mean (score 0)


def campaign_data(call: Call, on_progress: Callable[[int], None] | None = None) -> CampaignData:
    """The engine's items; `on_progress(n)` is told every so often how many dossiers were read.

    The dossiers are read and checked a chunk at a time from plain rows (`dossiers.bulk`), in a fixed number of
    queries per chunk: one query per dossier made 13,000 dossiers a two-minute run, one prefetch over all of them
    an expression SQLite refuses (« Expression tree is too large »), and model instances with per-object
    prefetches a one-minute run.
    """
    means = ranking_means(call)
    data = CampaignData()
    ids = list(
        Dossier.objects.filter(call=call, status=DossierStatus.ADMISSIBLE)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    read = 0
    for offset in range(0, len(ids), CAMPAIGN_CHUNK):
        for checked in dossiers_checked(call, ids[offset : offset + CAMPAIGN_CHUNK]):
            read += 1
            if on_progress and read % PROGRESS_EVERY == 0:
                on_progress(read)
            _campaign_items(data, checked, means.get(checked.pk))
    return data


def _campaign_items(data: CampaignData, checked: Checked, mean) -> None:
    reference = checked.data["reference"]
    if mean is None:
        data.unscored.append(reference)
    verdicts = {v.index: v for v in checked.result.actions}
    for action in checked.data["actions"]:
        position = action["priority"]
        verdict = verdicts.get(position)
        if verdict is None or not verdict.eligible or verdict.fundable <= 0:
            continue
        data.items.append(
            {
                "id": f"{reference}/{position}",
                "dossier": reference,
                "department": checked.data["establishment"]["department"],
                "amount": str(verdict.fundable),
                "score": str(mean or 0),
            }
        )


def scenario_run(
    *,
    call: Call,
    user,
    name: str,
    envelope: Decimal,
    method: str,
    partial: bool,
    floors: dict[str, str],
    on_progress: Callable[[int], None] | None = None,
) -> Scenario:
    """Builds the problem from the admissible dossiers, runs the engine and keeps both."""
    floors_check(
        {code: Decimal(amount) for code, amount in floors.items()},
        departments=call.spec.departments,
        envelope=envelope,
    )
    data = campaign_data(call, on_progress)
    problem = {
        "format": FORMAT,
        "envelope": str(envelope),
        "method": method,
        "partial": partial,
        "department_floors": floors,
        "items": data.items,
    }
    try:
        result = allocate(parse_problem(problem), time_limit=settings.QVCT_ALLOCATION_TIME_LIMIT).as_json()
    except AllocationInfeasible as error:
        raise DossierError(f"Scénario impossible : {error}") from None
    except AllocationFormatError as error:
        raise DossierError(f"Paramètres invalides : {error}") from None
    except AllocationUnsolved:
        raise DossierError(
            "Le calcul optimal a été arrêté avant de trouver une répartition : essayez la méthode au classement."
        ) from None
    return Scenario.objects.create(
        call=call,
        name=name.strip() or f"{'Optimal' if method == Method.OPTIMAL else 'Classement'} {euros(envelope)}",
        envelope=envelope,
        method=method,
        partial=partial,
        floors=floors,
        problem=problem,
        result=result,
        created_by=user,
    )


def scenario_choose(*, scenario: Scenario, user) -> None:
    with transaction.atomic():
        Scenario.objects.filter(call=scenario.call, chosen_at__isnull=False).update(chosen_at=None)
        Scenario.objects.filter(pk=scenario.pk).update(chosen_at=timezone.now())


@dataclass
class Summary:
    scenario: Scenario
    total: Decimal
    dossiers: int
    actions: int
    by_department: dict[str, Decimal]
    by_axis: dict[str, Decimal]
    funded: set[str]  # dossier references with at least one granted action

    @property
    def gap_percent(self) -> Decimal | None:
        """The gap of a stopped optimal run, in percent rounded up to the hundredth (0.000958 → 0.1)."""
        gap = self.scenario.result.get("gap")
        if gap is None:
            return None
        return (Decimal(str(gap)) * 100).quantize(Decimal("0.01"), rounding=ROUND_UP).normalize()


def summary(scenario: Scenario) -> Summary:
    granted = {g["id"]: Decimal(str(g["amount"])) for g in scenario.result["granted"]}
    funded = {item_id.rsplit("/", 1)[0] for item_id in granted}
    # The axis of each granted action, read once for the whole scenario: three columns, no dossier object.
    axis_of = {
        f"{reference}/{position}": axis
        for reference, position, axis in Action.objects.filter(
            dossier__call_id=scenario.call_id, dossier__reference__in=funded
        ).values_list("dossier__reference", "position", "axis")
    }
    by_axis: dict[str, Decimal] = {}
    for item_id, amount in granted.items():
        key = axis_of.get(item_id) or "—"
        by_axis[key] = by_axis.get(key, Decimal(0)) + amount
    return Summary(
        scenario=scenario,
        total=Decimal(str(scenario.result["total"])),
        dossiers=len(funded),
        actions=len(granted),
        by_department={k: Decimal(str(v)) for k, v in scenario.result["by_department"].items()},
        by_axis=dict(sorted(by_axis.items())),
        funded=funded,
    )


REASONS = {
    Method.RANK: (
        "Action non retenue : l'enveloppe ne permet pas de la financer à son rang de classement.",
        "Financement partiel : l'enveloppe est épuisée à ce rang de classement.",
    ),
    Method.OPTIMAL: (
        "Action non retenue : la répartition de l'enveloppe qui finance au mieux les actions les mieux notées "
        "ne la comprend pas.",
        "Financement partiel : la répartition de l'enveloppe qui finance au mieux les actions les mieux notées "
        "ne la finance qu'en partie.",
    ),
}


def decisions_prepare(*, scenario: Scenario, user) -> int:
    """Turns the chosen scenario into one decision per action of the admissible dossiers; returns how many.

    Actions granted nothing get the reason the manager will adjust if needed; ineligible actions, the engine's.
    """
    if not scenario.chosen_at:
        raise DossierError("Retenez d'abord ce scénario.")
    if scenario.validated_at:
        raise DossierError("Les décisions de cet appel sont validées : elles ne se refont plus.")
    granted = {g["id"]: Decimal(str(g["amount"])) for g in scenario.result["granted"]}
    fundable = {i["id"]: Decimal(str(i["amount"])) for i in scenario.problem["items"]}
    # The reasons say how the scenario decided: by rank, or by the optimal spread of the whole envelope.
    not_retained, partly = REASONS[scenario.method]
    with transaction.atomic():
        Decision.objects.filter(scenario__call=scenario.call, scenario__validated_at__isnull=True).delete()
        actions = Action.objects.filter(
            dossier__call=scenario.call, dossier__status=DossierStatus.ADMISSIBLE
        ).select_related("dossier")
        decisions = []
        for action in actions:
            key = f"{action.dossier.reference}/{action.position}"
            amount = granted.get(key, Decimal(0))
            if key not in fundable:
                reason = "Action non éligible au regard des règles de l'appel."
            elif amount == 0:
                reason = not_retained
            elif amount < fundable[key]:
                reason = partly
            else:
                reason = ""
            decisions.append(
                Decision(
                    scenario=scenario,
                    action=action,
                    dossier=action.dossier,
                    fundable=fundable.get(key, Decimal(0)),
                    proposed=amount,
                    granted=amount,
                    reason=reason,
                )
            )
        Decision.objects.bulk_create(decisions)
    return len(decisions)


def decisions_total(scenario: Scenario) -> Decimal:
    """What the decisions of the scenario grant together."""
    return Decision.objects.filter(scenario=scenario).aggregate(total=Sum("granted"))["total"] or Decimal(0)


def decision_adjust(*, decision, user, granted: Decimal, reason: str, justification: str) -> Decimal:
    """Changes one granted amount, the justification kept; returns what all decisions now grant together.

    The envelope is checked on the whole set when validating, not here: lowering one action and raising
    another may then be done in either order.
    """
    justification = text_checked(justification.strip(), limit=REASON_TEXT, label="Justification")
    text_checked(reason.strip(), limit=REASON_TEXT, label="Motif")
    if not justification:
        raise DossierError("Justifiez l'ajustement : la justification est conservée dans l'historique.")
    if decision.scenario.validated_at:
        raise DossierError("Les décisions sont validées : elles ne se modifient plus.")
    if not Decimal(0) <= granted <= decision.fundable:
        raise DossierError(
            f"Le montant accordé va de 0 à {euros(decision.fundable)} (montant finançable de l'action)."
        )
    if granted == 0 and not reason.strip():
        raise DossierError("Indiquez le motif du refus : il figurera dans la lettre de notification.")
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=decision.scenario_id)
        if scenario.validated_at:
            raise DossierError("Les décisions sont validées : elles ne se modifient plus.")
        before = decision.granted
        Decision.objects.filter(pk=decision.pk).update(
            granted=granted, reason=reason.strip(), justification=justification, adjusted_by=user
        )
        event_record(
            dossier=decision.dossier,
            actor=user,
            kind=EventKind.DECISION,
            summary=f"Décision de l'action {decision.action.position} ajustée : {euros(before)} → {euros(granted)}",
            reason=justification,
            data={"decision": decision.pk},
        )
        return decisions_total(scenario)


def decisions_validate(*, scenario: Scenario, user) -> None:
    """Locks the decisions: each admissible dossier becomes selected (something granted) or not selected."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if scenario.validated_at:
            raise DossierError("Les décisions sont déjà validées.")
        decisions = list(Decision.objects.filter(scenario=scenario).select_related("dossier", "action"))
        if not decisions:
            raise DossierError("Préparez d'abord les décisions depuis le scénario retenu.")
        total = decisions_total(scenario)
        if total > scenario.envelope:
            raise DossierError(
                f"Le total accordé ({french_euros(total)}) dépasse l'enveloppe ({french_euros(scenario.envelope)}) "
                f"de {french_euros(total - scenario.envelope)} : réduisez des décisions avant de valider."
            )
        by_dossier: dict[int, list] = {}
        for decision in decisions:
            by_dossier.setdefault(decision.dossier_id, []).append(decision)
        for items in by_dossier.values():
            dossier = items[0].dossier
            amount = sum((d.granted for d in items), Decimal(0))
            if amount > 0:
                transition_apply(dossier, user, "select", f"Dossier retenu : {euros(amount)} accordés")
            else:
                reasons = "\n".join(f"Action {d.action.position} : {d.reason}" for d in items if d.reason)
                transition_apply(
                    dossier, user, "reject_selection", "Dossier non retenu", reason=reasons or "Non retenu."
                )
        Scenario.objects.filter(pk=scenario.pk).update(validated_at=timezone.now(), validated_by=user)
