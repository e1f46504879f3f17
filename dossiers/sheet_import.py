"""`qvct import fichier.xlsx|.ods|.csv`: the dossiers of an « échange » export, all imported or none.

Every row is read and every document checked before the first dossier is written; a dossier that cannot be
imported (unknown call or establishment…) undoes the whole file. Each dossier then goes through
`import_document`, as a JSON file would: idempotent, and a dossier the ARS has taken up keeps its decision.
"""

import hashlib
import json
from pathlib import Path

from django.db import transaction

from calls.vocabulary import EXPENSE_NATURE_LABELS
from eligibility.dossier import DossierFormatError, parse_dossier
from qvct.exports.readers import ReadError, read_table
from referential.enums import LegalGroup, Sector

from .enums import DossierStatus
from .importer import FileReport, _attachment, import_document
from .sheet import SheetError, documents_of

SHEET_SUFFIXES = (".xlsx", ".ods", ".csv")


def is_sheet(path) -> bool:
    return Path(path).suffix.lower() in SHEET_SUFFIXES


def vocabularies() -> dict[str, dict[str, str]]:
    """The French words the « échange » file writes for the codes of a dossier, by field kind."""
    return {
        "status": {code: str(label) for code, label in DossierStatus.choices},
        "sector": {code: str(label) for code, label in Sector.choices if code},
        "legal_status": {code: str(label) for code, label in LegalGroup.choices if code},
        "expense_nature": dict(EXPENSE_NATURE_LABELS),
    }


def read_sheet(path: Path) -> list[dict]:
    """The file's documents, each checked as a `qvct.dossier/1`; SheetError (French) at the first bad one."""
    try:
        sheet, rows = read_table(path)
    except ReadError as error:
        raise SheetError(str(error)) from None
    documents = documents_of(rows, sheet, vocabularies())
    for document in documents:
        try:
            parse_dossier(document)
        except DossierFormatError as error:
            raise SheetError(f"Feuille « {sheet} », dossier {document['reference']} : {error}") from None
    return documents


def import_sheet(path: Path, *, folder: Path | None = None, user=None) -> list[FileReport]:
    """One report per dossier of the file, or one « erreur » report for the file when nothing was imported."""
    try:
        documents = read_sheet(path)
    except SheetError as error:
        return [FileReport(file=str(path), outcome="erreur", message=str(error))]
    reports = []
    with transaction.atomic():
        for document in documents:
            raw = json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
            report = import_document(
                parse_dossier(document),
                hashlib.sha256(raw).hexdigest(),
                source=f"{path.name} (dossier {document['reference']})",
                files=lambda name, warnings: _attachment(folder, name, warnings),
                user=user,
            )
            report.file = f"{path} — dossier {document['reference']}"
            reports.append(report)
        failed = [report for report in reports if report.outcome == "erreur"]
        if failed:
            transaction.set_rollback(True)
            return [
                *failed,
                FileReport(
                    file=str(path), outcome="erreur", message="aucun dossier du fichier n'a été importé"
                ),
            ]
    return reports
