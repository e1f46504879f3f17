"""Large envelope simulations: above a number of actions, a scenario is computed by the task worker, its progress shown."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from dossiers.services import DossierError

from .floors import floors_check
from .models import Scenario, ScenarioRun
from .services import scenario_run


def scenario_launch(
    *, call: Call, user, name: str, envelope: Decimal, method: str, partial: bool, floors: dict[str, str]
) -> Scenario | ScenarioRun:
    """Computes a small scenario at once; queues a large one (QVCT_SIMULATION_BACKGROUND_ITEMS) for the worker."""
    size = Action.objects.filter(dossier__call=call, dossier__status=DossierStatus.ADMISSIBLE).count()
    if size <= settings.QVCT_SIMULATION_BACKGROUND_ITEMS:
        return scenario_run(
            call=call, user=user, name=name, envelope=envelope, method=method, partial=partial, floors=floors
        )
    floors_check(
        {code: Decimal(amount) for code, amount in floors.items()},
        departments=call.spec.departments,
        envelope=envelope,
    )
    if ScenarioRun.objects.filter(call=call, finished_at__isnull=True).exists():
        raise DossierError(
            "Un calcul de scénario est déjà en cours pour cet appel : attendez qu'il se termine."
        )
    with transaction.atomic():
        run = ScenarioRun.objects.create(
            call=call,
            launched_by=user,
            name=name,
            envelope=envelope,
            method=method,
            partial=partial,
            floors=floors,
            total=Dossier.objects.filter(call=call, status=DossierStatus.ADMISSIBLE).count(),
        )
        transaction.on_commit(lambda: scenario_run_task.enqueue(run.pk))
    return run


@task()
def scenario_run_task(run_id: int) -> int | None:
    """Runs the queued scenario; the run records its progress, then its scenario or the French reason it failed."""
    run = ScenarioRun.objects.select_related("call", "launched_by").get(pk=run_id)

    def progress(done: int) -> None:
        ScenarioRun.objects.filter(pk=run.pk).update(done=done)

    try:
        scenario = scenario_run(
            call=run.call,
            user=run.launched_by,
            name=run.name,
            envelope=run.envelope,
            method=run.method,
            partial=run.partial,
            floors=run.floors,
            on_progress=progress,
        )
    except DossierError as error:
        ScenarioRun.objects.filter(pk=run.pk).update(error=str(error), finished_at=timezone.now())
        return None
    except Exception:  # the page must say the run stopped, not poll forever
        ScenarioRun.objects.filter(pk=run.pk).update(
            error="Le calcul s'est arrêté sur une erreur inattendue : relancez-le, ou prévenez l'équipe d'exploitation.",
            finished_at=timezone.now(),
        )
        raise
    ScenarioRun.objects.filter(pk=run.pk).update(
        scenario=scenario, done=run.total, finished_at=timezone.now()
    )
    return scenario.pk
