"""`qvct ds-sync`: takes a call's dossiers in from Démarches Simplifiées, page after page, without losing one.

- One cursor per stream (dossiers, deleted dossiers), saved only once every dossier of the page is stored: a sync
  killed mid-page starts again at that page, which it reads again harmlessly (idempotent by DS number and by
  the converted document's SHA-256).
- A lock (conditional update of `DsSync.locked_until`): two syncs of one call never overlap; a killed sync's
  lock expires after DS_SYNC_LOCK_MINUTES.
- The raw DS answer is kept (`DsDossier.raw`): a dossier can be converted again without calling DS.
- A champ that cannot be read is a warning, never fatal; a file whose DS virus scan is not `safe` is never
  downloaded, and is named in the warnings.
- Dossiers enter through `dossiers.importer.import_document`, hence through the transition table; a dossier the
  ARS has taken up keeps its state and decision, and its history shows the import.
- No network call inside a database transaction.
"""

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from calls.models import Call
from dossiers import services
from dossiers.enums import DossierStatus
from dossiers.importer import import_document, system_user
from dossiers.models import Dossier
from eligibility.dossier import DossierFormatError, parse_dossier
from referential.identifiers import normalize_identifier
from referential.models import Establishment

from .ds_client import DEFAULT_PAGE_SIZE, DsClient, DsError
from .ds_convert import ds_to_dossier
from .models import DsDossier, DsSync

logger = logging.getLogger(__name__)
# DS keeps changing a dossier while we read it: the next run asks again from a little before this one started.
SINCE_MARGIN = dt.timedelta(minutes=5)
WITHDRAWABLE = frozenset(
    {
        DossierStatus.DRAFT,
        DossierStatus.SUBMITTED,
        DossierStatus.IN_REVIEW,
        DossierStatus.COMPLEMENTS_REQUESTED,
    }
)


class SyncBusy(DsError):
    """Another sync of the call holds the lock."""


def _lock(state: DsSync, now: dt.datetime) -> None:
    until = now + dt.timedelta(minutes=settings.DS_SYNC_LOCK_MINUTES)
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    if not DsSync.objects.filter(free, pk=state.pk).update(locked_until=until):
        raise SyncBusy("Une synchronisation de cet appel est déjà en cours : attendez qu'elle se termine.")


def _establishment(node: dict) -> Establishment | None:
    siret = normalize_identifier((node.get("demandeur") or {}).get("siret"))
    return Establishment.objects.filter(siret=siret).first() if siret else None


def _downloads(client: DsClient, converted, warnings: list[str]) -> dict[str, SimpleUploadedFile]:
    """The safe files of the dossier, fetched before any transaction opens."""
    uploads = {}
    for ref in converted.files:
        try:
            data = client.download(ref.url, limit=settings.QVCT_UPLOAD_MAX_BYTES)
        except DsError as error:
            warnings.append(f"pièce « {ref.filename} » : {error}")
            continue
        uploads[ref.filename] = SimpleUploadedFile(ref.filename, data)
    return uploads


def _fingerprint(document: dict, converted) -> str:
    signed = {"document": document, "files": sorted(f.checksum for f in converted.files)}
    return hashlib.sha256(json.dumps(signed, sort_keys=True, default=str).encode()).hexdigest()


def dossier_take(*, call: Call, node: dict, client: DsClient) -> str:
    """Stores one DS dossier (raw answer first) and imports it; returns the report line."""
    number = node["number"]
    mapping = call.spec.demarches_simplifiees
    establishment = _establishment(node)
    known = DsDossier.objects.filter(call=call, number=number).select_related("dossier").first()
    warnings: list[str] = []
    outcome, document, converted = "", None, None
    if establishment is None:
        outcome = "établissement du demandeur (SIRET) absent du référentiel : dossier non repris"
    else:
        identity = {"name": establishment.display_name, "finess": establishment.finess}
        if known and known.dossier:
            identity["reference"] = known.dossier.reference
        converted = ds_to_dossier(node, mapping, campaign=call.code, establishment=identity)
        warnings += converted.warnings
        document = converted.document
    uploads = _downloads(client, converted, warnings) if converted else {}

    def files(name, import_warnings):
        if name in uploads:
            return uploads[name]
        import_warnings.append(f"pièce « {name} » non reprise")
        return None

    with transaction.atomic():
        ds_dossier, _ = DsDossier.objects.update_or_create(
            call=call,
            number=number,
            defaults={
                "ds_id": node.get("id", ""),
                "state": node.get("state", ""),
                "raw": node,
                "ds_updated_at": node.get("dateDerniereModification"),
            },
        )
        if document is not None:
            try:
                data = parse_dossier(document)
            except DossierFormatError as error:
                outcome = f"dossier illisible : {error}"
            else:
                report = import_document(
                    data,
                    _fingerprint(document, converted),
                    source=f"Démarches Simplifiées n° {number}",
                    files=files,
                    user=system_user(),
                )
                warnings += report.warnings
                outcome = f"{report.outcome} {report.reference}".strip() + (
                    f" — {report.message}" if report.message else ""
                )
                ds_dossier.dossier = (
                    Dossier.objects.filter(reference=report.reference).first() or ds_dossier.dossier
                )
        ds_dossier.outcome = outcome[:300]
        ds_dossier.warnings = warnings
        ds_dossier.save(update_fields=["outcome", "warnings", "dossier"])
    for warning in warnings:
        logger.warning("DS n° %s : %s", number, warning)
    return f"n° {number} : {outcome}" + "".join(f"\n  · {warning}" for warning in warnings)


def deletion_take(*, call: Call, node: dict, now: dt.datetime) -> str:
    """A dossier deleted on DS: marked; withdrawn here if the ARS has not decided on it yet."""
    number = node["number"]
    with transaction.atomic():
        ds_dossier = DsDossier.objects.filter(call=call, number=number).select_related("dossier").first()
        if ds_dossier is None:
            return f"n° {number} : supprimé sur Démarches Simplifiées, jamais repris"
        DsDossier.objects.filter(pk=ds_dossier.pk).update(deleted_at=node.get("dateSupression") or now)
        dossier = ds_dossier.dossier
        if dossier is None or dossier.status not in WITHDRAWABLE:
            return f"n° {number} : supprimé sur Démarches Simplifiées ; le dossier garde son état"
        reason = "Dossier supprimé sur Démarches Simplifiées"
        services.transition_apply(
            dossier, system_user(), "withdraw", "Désistement (import)", reason=reason, withdrawn_reason=reason
        )
    return f"n° {number} : supprimé sur Démarches Simplifiées ; dossier {dossier.reference} retiré"


def ds_sync(
    *,
    call: Call,
    user=None,
    client: DsClient | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    now: Callable[[], dt.datetime] = timezone.now,
) -> DsSync:
    """Runs one sync of the call; raises DsError (the report says it too) when DS fails or a sync runs."""
    mapping = call.spec.demarches_simplifiees
    if mapping is None:
        raise DsError("Cet appel ne déclare pas de démarche Démarches Simplifiées (demarches_simplifiees).")
    state, _ = DsSync.objects.get_or_create(call=call)
    started = now()
    _lock(state, started)
    state.refresh_from_db()
    DsSync.objects.filter(pk=state.pk).update(
        started_at=started, finished_at=None, done=0, failed=False, report=[], launched_by=user
    )
    report: list[str] = []
    done = 0
    try:
        client = client or DsClient(token=settings.DS_API_TOKEN, url=settings.DS_API_URL)
        for stream in ("dossiers", "deleted"):
            pages = client.pages(
                stream,
                demarche=mapping.demarche,
                after=state.cursors.get(stream),
                since=state.since,
                first=page_size,
            )
            for page in pages:
                for node in page.nodes:
                    if stream == "dossiers":
                        report.append(dossier_take(call=call, node=node, client=client))
                    else:
                        report.append(deletion_take(call=call, node=node, now=now()))
                done += len(page.nodes)
                # The page is stored: its cursor can be saved, and the lock extended.
                if page.end_cursor:
                    state.cursors[stream] = page.end_cursor
                DsSync.objects.filter(pk=state.pk).update(
                    cursors=state.cursors,
                    done=done,
                    report=report,
                    locked_until=now() + dt.timedelta(minutes=settings.DS_SYNC_LOCK_MINUTES),
                )
    except Exception as error:
        message = (
            str(error)
            if isinstance(error, DsError)
            else "erreur inattendue : la synchronisation reprendra à la dernière page enregistrée"
        )
        logger.exception("Synchronisation DS de %s interrompue", call.code)
        report.append(f"Interrompue : {message}")
        DsSync.objects.filter(pk=state.pk).update(
            failed=True, finished_at=now(), locked_until=None, report=report
        )
        raise DsError(message) from error
    DsSync.objects.filter(pk=state.pk).update(
        cursors={}, since=started - SINCE_MARGIN, finished_at=now(), locked_until=None, report=report
    )
    state.refresh_from_db()
    return state
