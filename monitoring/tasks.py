"""The daily run of the follow-up's reminders by the background worker (`qvct db_worker`), which schedules its
next run itself; `qvct remind` (cron) does the same work, and each reminder is sent once whoever runs first."""

import datetime as dt

from django.utils import timezone
from django_tasks import default_task_backend, task
from django_tasks_db.models import DBTaskResult

from .reminders import reminders_send

RUN_AT = dt.time(7, 0)  # Paris time: before the working day


def next_run(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    day = local.date() if local.time() < RUN_AT else local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, RUN_AT))


def reminders_schedule(now: dt.datetime | None = None) -> bool:
    """Queues the next daily run unless one is waiting; a backend that cannot defer (tests) queues nothing."""
    if not default_task_backend.supports_defer:
        return False
    path = f"{reminders_task.func.__module__}.{reminders_task.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    reminders_task.using(run_after=next_run(now or timezone.now())).enqueue()
    return True


@task()
def reminders_task() -> int:
    try:
        return reminders_send()
    finally:
        reminders_schedule()
