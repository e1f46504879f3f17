"""Scenarios of a call: the allocation problem built from the admissible dossiers, run, compared, chosen."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.selectors import dossier_queryset
from dossiers.services import DossierError, dossier_check
from review.committee import ranking

from .allocation import FORMAT, AllocationFormatError, AllocationInfeasible, allocate, parse_problem
from .models import Scenario


def parse_floors(text: str) -> dict[str, str]:
    """« 08=150000 ; 55=120 000,50 » (one per line or separated by semicolons) → {"08": "150000", …}."""
    floors = {}
    for part in text.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        code, sep, amount = part.partition("=")
        code, amount = code.strip(), amount.strip().replace(" ", "").replace("\u202f", "").replace(",", ".")
        if not sep or not code:
            raise DossierError(f"Plancher « {part} » : écrivez département=montant, par exemple 08=150000.")
        try:
            if Decimal(amount) < 0:
                raise InvalidOperation
        except InvalidOperation:
            raise DossierError(f"Plancher « {part} » : le montant doit être un nombre positif.") from None
        floors[code] = amount
    return floors


@dataclass
class CampaignData:
    """The call's admissible actions as the engine sees them, with what the comparison needs."""

    items: list[dict] = field(default_factory=list)
    axis: dict[str, str] = field(default_factory=dict)  # item id → axis code
    unscored: list[str] = field(default_factory=list)  # dossiers without a committee mean (score 0)


def campaign_data(call: Call) -> CampaignData:
    means = {row.dossier.pk: row.mean for row in ranking(call)}
    data = CampaignData()
    dossiers = dossier_queryset().filter(call=call, status=DossierStatus.ADMISSIBLE).order_by("number")
    for dossier in dossiers:
        mean = means.get(dossier.pk)
        if mean is None:
            data.unscored.append(dossier.reference)
        verdicts = {v.index: v for v in dossier_check(dossier, now=dossier.submitted_at).actions}
        for action in dossier.actions.all():
            verdict = verdicts.get(action.position)
            if verdict is None or not verdict.eligible or verdict.fundable <= 0:
                continue
            item_id = f"{dossier.reference}/{action.position}"
            data.items.append(
                {
                    "id": item_id,
                    "dossier": dossier.reference,
                    "department": dossier.establishment.department_id,
                    "amount": str(verdict.fundable),
                    "score": str(mean or 0),
                }
            )
            data.axis[item_id] = action.axis
    return data


def scenario_run(
    *, call: Call, user, name: str, envelope: Decimal, method: str, partial: bool, floors: dict[str, str]
) -> Scenario:
    """Builds the problem from the admissible dossiers, runs the engine and keeps both."""
    data = campaign_data(call)
    problem = {
        "format": FORMAT,
        "envelope": str(envelope),
        "method": method,
        "partial": partial,
        "department_floors": floors,
        "items": data.items,
    }
    try:
        result = allocate(parse_problem(problem)).as_json()
    except AllocationInfeasible as error:
        raise DossierError(f"Scénario impossible : {error}") from None
    except AllocationFormatError as error:
        raise DossierError(f"Paramètres invalides : {error}") from None
    return Scenario.objects.create(
        call=call,
        name=name.strip() or f"{'Optimal' if method == 'optimal' else 'Classement'} {envelope} €",
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


def summary(scenario: Scenario) -> Summary:
    granted = {g["id"]: Decimal(str(g["amount"])) for g in scenario.result["granted"]}
    axis_of = {item["id"]: "" for item in scenario.problem["items"]}
    references = {item["id"].rsplit("/", 1)[0] for item in scenario.problem["items"]}
    # The axis of each action, read once for the whole scenario.
    for dossier in Dossier.objects.filter(call=scenario.call, reference__in=references).prefetch_related(
        "actions"
    ):
        for action in dossier.actions.all():
            axis_of[f"{dossier.reference}/{action.position}"] = action.axis
    by_axis: dict[str, Decimal] = {}
    for item_id, amount in granted.items():
        key = axis_of.get(item_id) or "—"
        by_axis[key] = by_axis.get(key, Decimal(0)) + amount
    return Summary(
        scenario=scenario,
        total=Decimal(str(scenario.result["total"])),
        dossiers=len({item_id.rsplit("/", 1)[0] for item_id in granted}),
        actions=len(granted),
        by_department={k: Decimal(str(v)) for k, v in scenario.result["by_department"].items()},
        by_axis=dict(sorted(by_axis.items())),
        funded={item_id.rsplit("/", 1)[0] for item_id in granted},
    )
