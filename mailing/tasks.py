"""The worker's task: send one e-mail of the outbox, and come back for it after a failure."""

from django_tasks import task

from .models import OutboxMessage
from .services import Outcome, outbox_deliver


@task()
def outbox_deliver_task(message_id: int) -> str:
    outcome = outbox_deliver(message_id=message_id)
    backend = outbox_deliver_task.get_backend()
    # Backends that cannot defer (the tests' immediate one) leave the retry to `qvct send-mail`.
    if outcome == Outcome.RETRY and backend.supports_defer:
        retry_at = OutboxMessage.objects.values_list("next_attempt_at", flat=True).get(pk=message_id)
        outbox_deliver_task.using(run_after=retry_at).enqueue(message_id)
    return outcome.value
