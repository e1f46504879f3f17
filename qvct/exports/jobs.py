"""Exports of whole lists in the background (django-tasks) with their progress; checked rows at once."""

import datetime as dt
import io
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django_tasks import task

from ..storage import StorageFull, file_save, files_atomic, is_full, storage_full
from .lists import REGISTRY, ListExport
from .models import ExportJob
from .writers import CONTENT_TYPES, FORMATS, write

logger = logging.getLogger(__name__)


class ExportError(ValueError):
    """A request the exporter refuses, with its French reason."""


def _checked(export: ListExport, user, fmt: str) -> None:
    if not export.allows(user):
        raise ExportError("Vous n'avez pas accès à cette liste.")
    if fmt not in FORMATS:
        raise ExportError("Choisissez le format du fichier : CSV, XLSX ou ODS.")


def export_launch(*, export: ListExport, user, params: dict, fmt: str, columns: list[str]) -> ExportJob:
    """Queues the export of the whole filtered list; the job page shows its progress, then the download link."""
    _checked(export, user, fmt)
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            name=export.name,
            title=export.title,
            fmt=fmt,
            params=params,
            columns=[column.key for column in export.chosen(columns)],
        )
        transaction.on_commit(lambda: export_run_task.enqueue(job.pk))
    return job


def filename(export: ListExport, fmt: str) -> str:
    return f"{export.name}-{timezone.localdate():%Y-%m-%d}.{fmt}"


FULL_DISK = (
    "L'espace de stockage du service est plein : l'export n'a pas pu être écrit. L'équipe d'exploitation est "
    "prévenue ; relancez-le plus tard."
)


def exports_purge(now: dt.datetime | None = None) -> int:
    """Removes the files of the exports written more than `QVCT_EXPORT_KEEP_DAYS` days ago (a list's export holds
    personal data and is downloaded at once); their pages then say so. Returns the number of files removed."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(
        finished_at__lt=now - dt.timedelta(days=settings.QVCT_EXPORT_KEEP_DAYS), purged_at__isnull=True
    ).exclude(file="")
    removed = 0
    for job in expired.only("pk", "file"):
        # The row first: a file left behind by a failed removal is named in the log, never served again.
        if ExportJob.objects.filter(pk=job.pk, purged_at__isnull=True).update(purged_at=now, file=""):
            try:
                job.file.storage.delete(job.file.name)
            except OSError:
                logger.exception("Fichier d'export à supprimer à la main : %s", job.file.name)
            removed += 1
    return removed


@task()
def export_run_task(job_id: int) -> int:
    """Writes the file row by row into a temporary file, then stores it; progress is saved every few hundred rows.
    Each run first removes the expired files of earlier exports (`exports_purge`)."""
    exports_purge()
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    export = REGISTRY[job.name]

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    try:
        headers, rows = export.table(job.user, job.params, job.columns)
        with tempfile.TemporaryFile() as buffer:
            write(job.fmt, buffer, export.title, headers, rows, progress)
            buffer.seek(0)
            job.refresh_from_db(fields=["done"])
            with files_atomic():
                file_save(job.file, filename(export, job.fmt), File(buffer))
                job.finished_at = timezone.now()
                job.save(update_fields=["file", "finished_at"])
    except Exception as error:  # the page must say the export stopped, not poll forever
        if is_full(error):  # the temporary file's disk; the storage's own says so itself
            storage_full(error, f"export {job.pk}")
        ExportJob.objects.filter(pk=job.pk).update(
            error=FULL_DISK
            if isinstance(error, StorageFull) or is_full(error)
            else "L'export s'est arrêté sur une erreur inattendue : relancez-le, ou prévenez l'équipe d'exploitation.",
            finished_at=timezone.now(),
        )
        raise
    return job.done


def export_response(*, export: ListExport, user, params: dict, fmt: str, columns) -> HttpResponse:
    """The file at once: the rows checked on one page of a list, a few dozen at most."""
    _checked(export, user, fmt)
    headers, rows = export.table(user, params, columns)
    buffer = io.BytesIO()
    write(fmt, buffer, export.title, headers, rows)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(export, fmt)}"'
    return response
