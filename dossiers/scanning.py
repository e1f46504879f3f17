"""The antivirus in the background: a file clamd could not analyse at upload is analysed again by the worker."""

from django.db import transaction
from django_tasks import task

from .enums import ScanStatus
from .models import Document
from .uploads import scan


def scan_later(document: Document) -> None:
    """Queues the analysis of a file still pending, once the transaction that stores it has committed."""
    if document.scan_status == ScanStatus.PENDING:
        transaction.on_commit(lambda: document_scan.enqueue(document.pk))


@task()
def document_scan(document_id: int) -> str:
    """Runs clamd on the stored file and records its verdict; a file still unanalysed stays pending."""
    document = Document.objects.filter(pk=document_id, scan_status=ScanStatus.PENDING).first()
    if document is None:
        return "déjà analysé"
    with document.file.open("rb") as stored:
        status = scan(stored.read())
    if status in {ScanStatus.SAFE, ScanStatus.INFECTED}:
        # Conditional: two workers analysing the same file never overwrite a verdict with another.
        Document.objects.filter(pk=document_id, scan_status=ScanStatus.PENDING).update(scan_status=status)
    return status


def pending_scans_enqueue() -> int:
    """Queues every file still waiting for the antivirus (after clamd was down); returns how many."""
    ids = list(Document.objects.filter(scan_status=ScanStatus.PENDING).values_list("pk", flat=True))
    for document_id in ids:
        document_scan.enqueue(document_id)
    return len(ids)
