"""The porteur's writes to the dossier's files: attachments by kind and the quotes of its actions.

An upload is inspected (real type, size, antivirus) before the transaction, never inside it; the transaction
then re-checks editability on the locked dossier row, so a file never lands in a dossier filed meanwhile.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from qvct.storage import file_save, files_atomic

from .editing import ensure_editable, lock_for_edit
from .enums import EventKind
from .errors import DossierError
from .history import event_record
from .models import Action, Document, Dossier
from .scanning import scan_later
from .uploads import CheckedUpload, check_upload


def _part(kind: str, action: Action | None) -> str:
    return f"action:{action.pk}" if action else f"piece:{kind}"


def document_add(
    *,
    dossier: Dossier,
    user,
    kind: str,
    upload,
    action: Action | None = None,
    supplier: str = "",
    amount=None,
) -> Document:
    """Stores an upload after checking its real type, size and the antivirus; refuses with UploadRefused."""
    part = _part(kind, action)
    # Refused at once when the request's copy already says so: no need to inspect the file.
    ensure_editable(dossier, part)
    checked = check_upload(upload)
    with files_atomic():
        lock_for_edit(dossier, part)
        if action is not None and not Action.objects.filter(pk=action.pk, dossier=dossier).exists():
            raise DossierError("Cette action a été supprimée entre-temps : rechargez la page.")
        return document_store(
            dossier=dossier,
            user=user,
            kind=kind,
            checked=checked,
            action=action,
            supplier=supplier,
            amount=amount,
        )


def document_store(
    *,
    dossier: Dossier,
    user,
    kind: str,
    checked: CheckedUpload,
    action: Action | None = None,
    supplier: str = "",
    amount=None,
) -> Document:
    """Stores an inspected upload with its event, inside the caller's `files_atomic()` block.

    The porteur's path (`document_add`) decides editability first; the import, which replaces a dossier's content
    on behalf of the system that holds it, calls this directly.
    """
    document = Document(
        dossier=dossier,
        action=action,
        kind=kind,
        original_name=checked.name,
        size=len(checked.data),
        sha256=checked.sha256,
        content_type=checked.content_type,
        scan_status=checked.scan_status,
        supplier=supplier,
        amount=amount,
        uploaded_by=user,
    )
    file_save(document.file, checked.name, ContentFile(checked.data))
    document.save()
    scan_later(document)
    target = f" (devis de l'action {action.position})" if action else ""
    event_record(
        dossier=dossier,
        actor=user,
        kind=EventKind.DOCUMENT_ADDED,
        summary=f"Pièce ajoutée : {document.original_name}{target}",
        data={"kind": kind, "sha256": checked.sha256},
    )
    return document


def document_remove(*, document: Document, user) -> None:
    dossier = document.dossier
    part = f"action:{document.action_id}" if document.action_id else f"piece:{document.kind}"
    ensure_editable(dossier, part)
    with transaction.atomic():
        lock_for_edit(dossier, part)
        name = document.original_name
        storage, path = document.file.storage, document.file.name
        if not Document.objects.filter(pk=document.pk).delete()[0]:
            return
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.DOCUMENT_REMOVED,
            summary=f"Pièce retirée : {name}",
        )
        transaction.on_commit(lambda: storage.delete(path))
