"""The antivirus in the background: a file clamd could not analyse at upload (a dossier's document, a message's
attachment, a follow-up's invoice) is analysed again by the worker.

The follow-up sits above the dossiers: it registers how to queue its own pending files (`pending_scans_register`,
from `MonitoringConfig.ready`), so that `qvct rescan` reaches them without an upward import.
"""

from collections.abc import Callable

from django.db import transaction
from django_tasks import task

from .enums import ScanStatus
from .message_models import Message
from .models import Document
from .uploads import scan


def scan_later(document: Document) -> None:
    """Queues the analysis of a file still pending, once the transaction that stores it has committed."""
    if document.scan_status == ScanStatus.PENDING:
        transaction.on_commit(lambda: document_scan.enqueue(document.pk))


def message_scan_later(message: Message) -> None:
    """The same for the attachment of a message."""
    if message.attachment_scan_status == ScanStatus.PENDING:
        transaction.on_commit(lambda: message_scan.enqueue(message.pk))


_OTHER_PENDING: list[Callable[[], int]] = []


def pending_scans_register(enqueue: Callable[[], int]) -> None:
    """Adds the queuing of another app's pending files (it returns how many it queued) to `pending_scans_enqueue`."""
    if enqueue not in _OTHER_PENDING:
        _OTHER_PENDING.append(enqueue)


def verdict_record(model, field: str, pk: int, file_field: str) -> str:
    """Runs clamd on the stored file and records its verdict; a file still unanalysed stays pending."""
    item = model.objects.filter(pk=pk, **{field: ScanStatus.PENDING}).first()
    if item is None:
        return "déjà analysé"
    with getattr(item, file_field).open("rb") as stored:
        status = scan(stored.read())
    if status in {ScanStatus.SAFE, ScanStatus.INFECTED}:
        # Conditional: two workers analysing the same file never overwrite a verdict with another.
        model.objects.filter(pk=pk, **{field: ScanStatus.PENDING}).update(**{field: status})
    return status


@task()
def document_scan(document_id: int) -> str:
    return verdict_record(Document, "scan_status", document_id, "file")


@task()
def message_scan(message_id: int) -> str:
    return verdict_record(Message, "attachment_scan_status", message_id, "attachment")


def pending_scans_enqueue() -> int:
    """Queues every file still waiting for the antivirus (after clamd was down); returns how many."""
    documents = list(Document.objects.filter(scan_status=ScanStatus.PENDING).values_list("pk", flat=True))
    for document_id in documents:
        document_scan.enqueue(document_id)
    messages = list(
        Message.objects.filter(attachment_scan_status=ScanStatus.PENDING).values_list("pk", flat=True)
    )
    for message_id in messages:
        message_scan.enqueue(message_id)
    return len(documents) + len(messages) + sum(enqueue() for enqueue in _OTHER_PENDING)
