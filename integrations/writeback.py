"""Decisions sent back to Démarches Simplifiées: queued with the transition that makes them, sent after the
commit, outside any database transaction, retried with a growing delay, written in the dossier's history.

- `declare_admissible` → dossierPasserEnInstruction;
- `declare_inadmissible` → dossierPasserEnInstruction then dossierRefuser with the reasons;
- `notify` → dossierAccepter (something granted) or dossierRefuser, with the letter as justificatif
  (uploaded through createDirectUpload).
Each operation is queued once per DS dossier (unique constraint); a dossier's operations go in their order.
"""

import base64
import datetime as dt
import hashlib
import json
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from dossiers.enums import EventKind
from dossiers.history import event_record

from .ds_client import DsClient, DsError
from .ds_queries import ACCEPTER, CREATE_DIRECT_UPLOAD, PASSER_EN_INSTRUCTION, REFUSER
from .models import DsWriteBack, WriteBackOperation

logger = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)
OPERATIONS = {
    WriteBackOperation.IN_REVIEW: ("dossierPasserEnInstruction", PASSER_EN_INSTRUCTION),
    WriteBackOperation.ACCEPT: ("dossierAccepter", ACCEPTER),
    WriteBackOperation.REFUSE: ("dossierRefuser", REFUSER),
}


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4… minutes, at most a day."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 24 * 60))


def writebacks_for_event(event) -> list[DsWriteBack]:
    """Queues what a transition of a DS dossier sends back; called in the transition's transaction."""
    try:
        ds_dossier = event.dossier.ds_dossier
    except ObjectDoesNotExist:
        return []
    now = timezone.now()
    wanted: list[tuple[str, str, bool]] = []
    if event.transition == "declare_admissible":
        wanted = [(WriteBackOperation.IN_REVIEW, "", False)]
    elif event.transition == "declare_inadmissible":
        wanted = [(WriteBackOperation.IN_REVIEW, "", False), (WriteBackOperation.REFUSE, event.reason, False)]
    elif event.transition == "notify":
        # The transition comes before its letter in the batch's transaction (funding.batches): what was granted is
        # read from the decisions the letter sums, and the letter, written by commit, is read when sending.
        granted = event.dossier.decisions.filter(granted__gt=0).exists()
        wanted = [
            (WriteBackOperation.IN_REVIEW, "", False),
            (WriteBackOperation.ACCEPT if granted else WriteBackOperation.REFUSE, event.summary, True),
        ]
    queued = []
    for operation, motivation, with_letter in wanted:
        writeback, created = DsWriteBack.objects.get_or_create(
            ds_dossier=ds_dossier,
            operation=operation,
            defaults={"motivation": motivation, "with_letter": with_letter, "next_attempt_at": now},
        )
        if created:
            queued.append(writeback)
    if queued:
        transaction.on_commit(lambda: enqueue_writebacks())
    return queued


def enqueue_writebacks() -> None:
    """Hands the sending to the task worker, once the decision is committed."""
    from .tasks import writebacks_task  # cycle: tasks imports this module

    writebacks_task.enqueue()


def _letter_blob(client: DsClient, writeback: DsWriteBack) -> str | None:
    """Uploads the notification letter to DS; returns the signed blob id to give as justificatif."""
    letter = writeback.ds_dossier.dossier.letter
    with letter.file.open("rb") as handle:
        content = handle.read()
    data = client.execute(
        CREATE_DIRECT_UPLOAD,
        {
            "input": {
                "dossierId": writeback.ds_dossier.ds_id,
                "filename": f"notification-{writeback.ds_dossier.dossier.reference}.pdf",
                "byteSize": len(content),
                "checksum": base64.b64encode(hashlib.md5(content).digest()).decode(),
                "contentType": "application/pdf",
            }
        },
    )
    upload = data["createDirectUpload"]["directUpload"]
    client.upload(upload["url"], content, json.loads(upload["headers"] or "{}"))
    return upload["signedBlobId"]


def _send(client: DsClient, writeback: DsWriteBack) -> None:
    name, document = OPERATIONS[writeback.operation]
    payload = {"dossierId": writeback.ds_dossier.ds_id, "instructeurId": settings.DS_INSTRUCTEUR_ID}
    if writeback.operation != WriteBackOperation.IN_REVIEW:
        payload["motivation"] = writeback.motivation or "Décision de l'ARS."
    if writeback.with_letter and hasattr(writeback.ds_dossier.dossier, "letter"):
        payload["justificatif"] = _letter_blob(client, writeback)
    answer = client.execute(document, {"input": payload})[name] or {}
    if answer.get("errors"):
        raise DsError("; ".join(error["message"] for error in answer["errors"]))


def writeback_send(
    *, writeback_id: int, client: DsClient | None = None, now: dt.datetime | None = None
) -> bool:
    """One attempt; True once DS has taken it. Never inside a transaction: the DS call is network."""
    now = now or timezone.now()
    writeback = DsWriteBack.objects.select_related("ds_dossier__dossier").get(pk=writeback_id)
    earlier = DsWriteBack.objects.filter(
        ds_dossier=writeback.ds_dossier, done_at__isnull=True, created_at__lt=writeback.created_at
    )
    if writeback.done_at or writeback.next_attempt_at > now or earlier.exists():
        return False
    # The lease: of two workers, the one whose update wins sends.
    if not DsWriteBack.objects.filter(pk=writeback.pk, next_attempt_at=writeback.next_attempt_at).update(
        next_attempt_at=now + LEASE
    ):
        return False
    attempts = writeback.attempts + 1
    try:
        _send(client or DsClient(token=settings.DS_API_TOKEN, url=settings.DS_API_URL), writeback)
    except DsError as error:
        DsWriteBack.objects.filter(pk=writeback.pk).update(
            attempts=attempts, next_attempt_at=now + retry_delay(attempts), last_error=str(error)[:2000]
        )
        logger.warning("Renvoi DS n° %s : %s", writeback.ds_dossier.number, error)
        return False
    with transaction.atomic():
        DsWriteBack.objects.filter(pk=writeback.pk).update(
            attempts=attempts, done_at=timezone.now(), last_error=""
        )
        event_record(
            dossier=writeback.ds_dossier.dossier,
            actor=None,
            kind=EventKind.EDITED,
            summary=f"Transmis à Démarches Simplifiées : {writeback.get_operation_display().lower()}",
            data={"ds_number": writeback.ds_dossier.number, "attempts": attempts},
        )
    return True


def writebacks_send_due(*, client: DsClient | None = None, now: dt.datetime | None = None) -> int:
    """Sends every write-back due, in order; returns how many DS took."""
    now = now or timezone.now()
    due = DsWriteBack.objects.filter(done_at__isnull=True, next_attempt_at__lte=now).values_list(
        "pk", flat=True
    )
    return sum(writeback_send(writeback_id=pk, client=client, now=now) for pk in list(due))
