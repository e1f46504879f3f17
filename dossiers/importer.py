"""`qvct import`: creates or updates dossiers from `qvct.dossier/1` files, one transaction per file.

Idempotent: a file already imported as it is changes nothing (its SHA-256 is kept on the dossier); a changed
file replaces the dossier's content. Attachments and quotes are read from a folder when one is given, and go
through the same checks as an upload.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from calls.models import Call
from calls.vocabulary import TrinomeRole
from eligibility.dossier import Dossier as DossierData
from eligibility.dossier import DossierFormatError, parse_dossier
from qvct.jsonfile import JsonFileError, read_json_file
from qvct.storage import StorageFull, files_atomic
from referential.identifiers import normalize_identifier
from referential.models import Establishment

from . import services
from .attachments import document_store
from .enums import DossierStatus, EventKind
from .models import Action, Document, Dossier, Indicator, OtherFunding, Partner, TrinomeMember
from .uploads import UploadRefused, check_upload

SYSTEM_EMAIL = "import@guichet-qvct.invalid"
# An import replaces the content of a draft or of a dossier filed but not yet taken up by the ARS; after that,
# the instruction owns the dossier and a file cannot undo its decision.
IMPORT_REPLACEABLE = frozenset({DossierStatus.DRAFT, DossierStatus.SUBMITTED})
# A technical bound on the partners, quotes, indicators… a file may list (not a rule of any call: the actions
# are bounded by the call's own maximum); a longer list is a broken or hostile file.
MAX_LIST = 100


# Gives the upload named in the document, or None with a warning: a folder for files, DS downloads for the sync.
FileSource = Callable[[str | None, list[str]], SimpleUploadedFile | None]


class ImportError_(Exception):
    """A file that cannot be imported, with the French reason."""


@dataclass
class FileReport:
    file: str
    outcome: str  # créé, mis à jour, inchangé, ignoré, erreur
    reference: str = ""
    message: str = ""
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        head = f"{self.file} : {self.outcome}"
        if self.reference:
            head += f" {self.reference}"
        if self.message:
            head += f" — {self.message}"
        return head


def system_user() -> User:
    user, _ = User.objects.get_or_create(
        email=SYSTEM_EMAIL, defaults={"first_name": "Import", "last_name": "automatique", "is_active": False}
    )
    return user


def _read(path: Path) -> tuple[DossierData, str]:
    try:
        data, raw = read_json_file(path)
        return parse_dossier(data), hashlib.sha256(raw).hexdigest()
    except (JsonFileError, DossierFormatError) as error:
        raise ImportError_(str(error)) from None


def _bounded(data: DossierData, call: Call) -> None:
    """Refuses a file listing more than the guichet would ever let a porteur enter."""
    limit = call.spec.funding.max_actions if call.spec.funding else 0
    if len(data.actions) > limit:
        raise ImportError_(
            f"le fichier compte {len(data.actions)} actions ; l'appel en autorise {limit} au plus"
        )
    lists = {
        "partners": data.partners,
        "trinome": data.trinome,
        "attachments": data.attachments,
        **{
            f"actions[{n}].{name}": getattr(action, name)
            for n, action in enumerate(data.actions, start=1)
            for name in ("other_funding", "quotes", "indicators")
        },
    }
    for where, items in lists.items():
        if len(items) > MAX_LIST:
            raise ImportError_(f"{where} : {len(items)} éléments, {MAX_LIST} au plus")


def _fits(obj, where: str) -> None:
    """Every text fits its column: a long text is refused with its place, not cut or left to the database."""
    for column in obj._meta.concrete_fields:
        value = getattr(obj, column.attname)
        if column.max_length and isinstance(value, str) and len(value) > column.max_length:
            raise ImportError_(
                f"{where} : « {column.verbose_name} » dépasse {column.max_length} caractères ({len(value)})"
            )


def _attachment(folder: Path | None, name: str | None, warnings: list[str]) -> SimpleUploadedFile | None:
    if not name:
        return None
    if folder is None:
        warnings.append(f"pièce « {name} » non importée : donnez le dossier des pièces (--attachments)")
        return None
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        warnings.append(f"pièce « {name} » introuvable dans {folder}")
        return None
    return SimpleUploadedFile(path.name, path.read_bytes())


def _store_document(dossier, user, kind, upload, warnings, action=None, **extra) -> None:
    if upload is None:
        return
    try:
        checked = check_upload(upload)
    except UploadRefused as error:
        warnings.append(str(error))
        return
    # The import stands for the system that holds the dossier: a filed dossier not yet taken up by the ARS
    # gets its content replaced, which the porteur's own path would refuse.
    document_store(dossier=dossier, user=user, kind=kind, checked=checked, action=action, **extra)


def _replace_content(
    dossier: Dossier, data: DossierData, user, files: FileSource, warnings: list[str]
) -> None:
    establishment = data.establishment
    for name in (
        "headcount",
        "fte_medical",
        "fte_non_medical",
        "beds_and_places",
        "absenteeism_rate",
        "turnover_rate",
    ):
        setattr(dossier, name, getattr(establishment, name))
    dossier.ght = establishment.ght or ""
    dossier.contact_email = establishment.email or ""
    dossier.contact_name = str(getattr(establishment, "contact_name", "") or "")
    project = data.project
    for name in ("scope", "diagnostic", "objectives", "schedule", "follow_up"):
        setattr(dossier, name, getattr(project, name))
    dossier.motivation = {code: text or "" for code, text in project.motivation.items()}
    _fits(dossier, "dossier")
    dossier.save()

    for document in list(dossier.documents.all()):
        storage, path = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))
    dossier.actions.all().delete()
    dossier.partners.all().delete()
    dossier.trinome.all().delete()

    finesses = [normalize_identifier(partner.finess) for partner in data.partners if partner.finess]
    known = {e.finess: e for e in Establishment.objects.filter(finess__in=finesses)}
    for partner in data.partners:
        number = normalize_identifier(partner.finess)
        if number in known:
            Partner.objects.get_or_create(dossier=dossier, establishment=known[number])
        else:
            warnings.append(
                f"partenaire « {partner.name or number} » ({number or 'sans FINESS'}) absent du référentiel"
            )
    for member in data.trinome:
        if member.role in set(TrinomeRole) and member.name:
            _fits(TrinomeMember(dossier=dossier, role=member.role, name=member.name), "trinome")
            TrinomeMember.objects.update_or_create(
                dossier=dossier, role=member.role, defaults={"name": member.name}
            )
    for position, item in enumerate(data.actions, start=1):
        action = Action(
            dossier=dossier,
            position=position,
            title=item.title or f"Action {position}",
            axis=item.axis or "",
            theme=item.theme or "",
            catalog_item=item.catalog_item or "",
            description=item.description,
            motivation=item.motivation or "",
            start=item.start,
            end=item.end,
            agents_concerned=item.agents_concerned,
            mutualized=item.mutualized,
            expense_nature=item.expense_nature or "",
            cost=item.cost,
            requested=item.requested,
            own_funding=item.own_funding,
            funded_elsewhere=item.funded_elsewhere,
            reimbursable_elsewhere=item.reimbursable_elsewhere,
            training_plan=item.training_plan,
            renews_action=item.renews_action or "",
        )
        where = f"actions[{position}]"
        _fits(action, where)
        action.save()
        fundings = [OtherFunding(action=action, funder=f.funder, amount=f.amount) for f in item.other_funding]
        indicators = [
            Indicator(
                action=action,
                name=i.name,
                unit=i.unit,
                baseline=str(i.baseline or ""),
                target=str(i.target or ""),
            )
            for i in item.indicators
            if i.name
        ]
        for row in fundings:
            _fits(row, f"{where}.other_funding")
        for row in indicators:
            _fits(row, f"{where}.indicators")
        OtherFunding.objects.bulk_create(fundings)
        Indicator.objects.bulk_create(indicators)
        for quote in item.quotes:
            _fits(Document(supplier=quote.supplier), f"{where}.quotes")
            upload = files(quote.file, warnings)
            _store_document(
                dossier,
                user,
                "quote",
                upload,
                warnings,
                action=action,
                supplier=quote.supplier,
                amount=quote.amount,
            )
    for attachment in data.attachments:
        _store_document(dossier, user, attachment.kind, files(attachment.file, warnings), warnings)


def _refuse_on_taken_up(dossier: Dossier, user, source: str, sha: str) -> None:
    services.event_record(
        dossier=dossier,
        actor=user,
        kind=EventKind.EDITED,
        summary=f"Import de {source} ignoré : le dossier est à l'état « {dossier.get_status_display()} »",
        data={"sha256": sha, "ignored": True},
    )


def import_file(path: Path, *, folder: Path | None = None, user: User | None = None) -> FileReport:
    report = FileReport(file=str(path), outcome="erreur")
    try:
        data, sha = _read(path)
    except ImportError_ as error:
        report.message = str(error)
        return report
    report = import_document(
        data,
        sha,
        source=path.name,
        files=lambda name, warnings: _attachment(folder, name, warnings),
        user=user,
    )
    report.file = str(path)
    return report


def import_document(
    data: DossierData, sha: str, *, source: str, files: FileSource, user: User | None = None
) -> FileReport:
    """Creates or updates the dossier of one `qvct.dossier/1` document; `source` names it in the history.

    Idempotent by the document's SHA-256; a dossier the ARS has taken up is left as it is, the import noted.
    """
    report = FileReport(file=source, outcome="erreur")
    try:
        call = Call.objects.filter(code=data.campaign).first()
        if call is None:
            raise ImportError_(f"appel « {data.campaign} » absent de la base (qvct load-calls)")
        finess = normalize_identifier(data.establishment.finess)
        establishment = Establishment.objects.filter(finess=finess).first()
        if establishment is None:
            raise ImportError_(
                f"établissement FINESS « {finess or 'non renseigné'} » absent du référentiel (qvct import-finess)"
            )
        _bounded(data, call)
        user = user or system_user()
        with files_atomic():
            dossier = Dossier.objects.filter(reference=data.reference).first() if data.reference else None
            other = (
                Dossier.objects.filter(call=call, establishment=establishment)
                .exclude(pk=getattr(dossier, "pk", None))
                .first()
            )
            if other is not None:
                raise ImportError_(
                    f"{establishment.display_name} a déjà le dossier {other.reference} pour cet appel"
                )
            if dossier is not None and dossier.call_id != call.pk:
                raise ImportError_(
                    f"la référence {dossier.reference} appartient à un dossier d'un autre appel"
                )
            if dossier is not None and dossier.import_sha256 == sha:
                report.outcome, report.reference = "inchangé", dossier.reference
                return report
            created = dossier is None
            if not created and dossier.status not in IMPORT_REPLACEABLE:
                # The ARS has taken the dossier up: its content and its decision stay as they are.
                _refuse_on_taken_up(dossier, user, source, sha)
                report.outcome, report.reference = "ignoré", dossier.reference
                report.message = (
                    f"le dossier est à l'état « {dossier.get_status_display()} » : "
                    "l'import ne modifie plus un dossier que l'ARS a pris en charge"
                )
                return report
            if not created and dossier.submitted_at and not data.submitted_at:
                raise ImportError_(
                    f"le dossier {dossier.reference} est déposé : un fichier sans date de dépôt ne peut pas "
                    "le ramener au brouillon"
                )
            if created:
                dossier, _ = services.dossier_start(call=call, establishment=establishment, user=user)
                if data.reference:
                    dossier.reference = data.reference
                    _fits(dossier, "reference")
            _replace_content(dossier, data, user, files, report.warnings)
            dossier.import_sha256 = sha
            dossier.save()
            if data.submitted_at:
                findings = services.dossier_check(dossier, now=timezone.now()).as_json()["findings"]
                columns = services.findings_columns(findings, dossier.overrides.all())
                if dossier.status == DossierStatus.DRAFT:
                    services.transition_apply(
                        dossier,
                        user,
                        "submit",
                        "Dossier déposé (import)",
                        at=data.submitted_at,
                        submitted_at=data.submitted_at,
                        **columns,
                    )
                else:
                    Dossier.objects.filter(pk=dossier.pk).update(**columns)
            services.event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary=f"Dossier {'importé' if created else 'mis à jour par import'} depuis {source}"[:300],
                data={"sha256": sha, "warnings": report.warnings},
            )
            report.outcome, report.reference = ("créé" if created else "mis à jour"), dossier.reference
    except (ImportError_, StorageFull) as error:  # a full disk: nothing of the dossier is kept, retry later
        report.message = str(error)
    return report


def import_files(paths: list[Path], *, folder: Path | None = None) -> list[FileReport]:
    return [import_file(Path(path), folder=Path(folder) if folder else None) for path in paths]
