"""What of a stored upload the browser may show inline: images, and PDFs without active content."""

import re
import zlib

from .enums import ScanStatus

PREVIEWABLE = {"application/pdf", "image/png", "image/jpeg"}
TYPE_LABELS = {
    "application/vnd.oasis.opendocument.text": "ODT (texte)",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS (tableur)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX (texte)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX (tableur)",
}

# Name tokens of the actions a PDF viewer runs or follows by itself.
ACTIVE_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch|SubmitForm|ImportData|RichMedia)(?![A-Za-z0-9])")
# Names may spell any character as #xx (« /J#61vaScript »): decoded before matching.
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"stream\r?\n")
# Compressed streams (object streams hide whole objects) are inflated up to this much in all, then we give up.
INFLATE_BUDGET = 50_000_000


def _has_active_names(data: bytes) -> bool:
    return bool(ACTIVE_NAMES.search(NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)))


def pdf_has_active_content(data: bytes) -> bool:
    """True when the PDF holds JavaScript or an action that reaches out, or when we cannot tell within bounds."""
    if _has_active_names(data):
        return True
    budget = INFLATE_BUDGET
    for match in STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        dictionary = data[max(0, match.start() - 512) : match.start()]
        if b"FlateDecode" not in dictionary and b"/Fl" not in dictionary:
            continue
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[match.end() : end], budget + 1)
        except zlib.error:
            if b"/ObjStm" in dictionary:
                return True  # objects we cannot read: they might be scripts
            continue
        budget -= len(inflated)
        if budget < 0:
            return True
        if _has_active_names(inflated):
            return True
    return False


def preview_refusal(document) -> str | None:
    """Why this document is not shown in the page (in French), or None when it may be."""
    if document.scan_status == ScanStatus.INFECTED:
        return "L'antivirus a signalé ce fichier : il n'est pas affiché."
    if document.content_type not in PREVIEWABLE:
        return (
            f"Les fichiers {TYPE_LABELS.get(document.content_type, 'de ce type')} ne s'affichent pas dans le "
            "navigateur : téléchargez-le pour le consulter."
        )
    if document.content_type == "application/pdf":
        with document.file.open("rb") as stored:
            if pdf_has_active_content(stored.read()):
                return (
                    "Ce PDF contient du code (JavaScript) ou des actions automatiques : il n'est pas affiché "
                    "dans le navigateur. Téléchargez-le et ouvrez-le avec un lecteur qui ne les exécute pas."
                )
    return None
