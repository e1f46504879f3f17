"""The DS sync launched from its page runs in the task worker; the page polls `DsSync` for its progress."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from calls.models import Call

from .ds_client import DsError
from .models import DsSync, DsWriteBack
from .sync import ds_sync
from .writeback import writebacks_send_due


class SyncRefused(DsError):
    pass


def sync_launch(*, call: Call, user) -> DsSync:
    """Queues a sync of the call; refuses while one runs or is queued."""
    if call.spec.demarches_simplifiees is None:
        raise SyncRefused("Cet appel ne déclare pas de démarche Démarches Simplifiées.")
    state, _ = DsSync.objects.get_or_create(call=call)
    now = timezone.now()
    with transaction.atomic():
        # Marked as started at once, so that the page shows it and a second click is refused.
        queued = DsSync.objects.filter(pk=state.pk).exclude(
            started_at__isnull=False, finished_at__isnull=True
        )
        if not queued.update(
            started_at=now, finished_at=None, done=0, failed=False, report=[], launched_by=user
        ):
            raise SyncRefused(
                "Une synchronisation de cet appel est déjà en cours : attendez qu'elle se termine."
            )
        transaction.on_commit(lambda: ds_sync_task.enqueue(call.pk, user.pk))
    state.refresh_from_db()
    return state


@task()
def ds_sync_task(call_id: int, user_id: int) -> int:
    call = Call.objects.get(pk=call_id)
    try:
        return ds_sync(call=call, user=User.objects.filter(pk=user_id).first()).done
    except DsError as error:
        # A failed run is marked finished, with its reason, so that the page stops waiting and says why.
        state = DsSync.objects.get(call=call)
        report = (
            state.report
            if state.report and state.report[-1].startswith("Interrompue")
            else [
                *state.report,
                f"Interrompue : {error}",
            ]
        )
        DsSync.objects.filter(pk=state.pk).update(finished_at=timezone.now(), failed=True, report=report)
        return 0


@task()
def writebacks_task() -> int:
    """Sends the write-backs due; comes back at the next retry when the backend can defer (the database one)."""
    sent = writebacks_send_due()
    backend = writebacks_task.get_backend()
    pending = DsWriteBack.objects.filter(done_at__isnull=True).order_by("next_attempt_at").first()
    if pending is not None and backend.supports_defer:
        writebacks_task.using(run_after=pending.next_attempt_at).enqueue()
    return sent
