"""The antivirus in the background for the follow-up's invoices: one clamd could not analyse at upload is
analysed again by the worker, and by `qvct rescan` (registered with dossiers.scanning)."""

from django.db import transaction
from django_tasks import task

from dossiers.enums import ScanStatus
from dossiers.scanning import verdict_record

from .models import SpendingLine


def invoice_scan_later(line_id: int, status: str) -> None:
    """Queues the analysis of an invoice still pending, once the transaction that stores it has committed."""
    if status == ScanStatus.PENDING:
        transaction.on_commit(lambda: invoice_scan.enqueue(line_id))


@task()
def invoice_scan(line_id: int) -> str:
    return verdict_record(SpendingLine, "scan_status", line_id, "file")


def pending_invoices_enqueue() -> int:
    """Queues every invoice still waiting for the antivirus; returns how many."""
    ids = list(SpendingLine.objects.filter(scan_status=ScanStatus.PENDING).values_list("pk", flat=True))
    for line_id in ids:
        invoice_scan.enqueue(line_id)
    return len(ids)
