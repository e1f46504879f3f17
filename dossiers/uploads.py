"""Checks of an uploaded file by its content (magic bytes), its size, and the antivirus when one is configured."""

import hashlib
import socket
import struct
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from qvct.templatetags.qvct_format import octets

from .archives import ArchiveRefused, archive_type
from .enums import ScanStatus

ACCEPTED = "PDF, ODT, ODS, DOCX, XLSX, JPEG ou PNG"
# Names are kept for display in columns of this many characters (the models' original_name, attachment_name).
NAME_MAX_LENGTH = 200
# A dot more than this far from the end is part of the name, not an extension (« rapport v2.3 final »).
EXTENSION_MAX_LENGTH = 10


class UploadRefused(ValueError):
    """Why an upload is refused, in French, saying what to do."""


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    content_type: str
    sha256: str
    scan_status: ScanStatus
    name: str


def size_label(size: int) -> str:
    """A size in decimal units (1 Mo = 1 000 000 octets), the French way: « 20 Mo », « 20,5 Mo »."""
    return octets(size)


def upload_limit_label() -> str:
    """« 20 Mo »: the one figure every form, page and refusal shows for the size limit."""
    return size_label(settings.QVCT_UPLOAD_MAX_BYTES)


def short_name(name: str, limit: int = NAME_MAX_LENGTH) -> str:
    """The file name cut to `limit` characters, keeping its extension (« …très long nom.pdf »)."""
    name = PurePath(name.replace("\\", "/")).name or "fichier"
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    if not suffix or len(suffix) > EXTENSION_MAX_LENGTH:
        return name[:limit]
    return name[: limit - len(suffix)].rstrip() + suffix


def detect_type(data: bytes) -> str | None:
    """The real type of a file from its first bytes (and, for zip containers, their table of contents).

    Raises ArchiveRefused for a zip container that would expand beyond the configured limits."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"PK\x03\x04"):
        return archive_type(data)
    return None


def antivirus_configured() -> bool:
    return bool(getattr(settings, "CLAMAV_SOCKET", "") or getattr(settings, "CLAMAV_HOST", ""))


def scan(data: bytes) -> ScanStatus:
    """Asks ClamAV (clamd's INSTREAM command) when CLAMAV_SOCKET or CLAMAV_HOST is set.

    Without antivirus: UNSCANNED, said plainly. Antivirus unreachable or unsure: PENDING, for the worker to retry."""
    if not antivirus_configured():
        return ScanStatus.UNSCANNED
    target = getattr(settings, "CLAMAV_SOCKET", "") or None
    family = socket.AF_UNIX if target else socket.AF_INET
    address = target or (settings.CLAMAV_HOST, int(getattr(settings, "CLAMAV_PORT", 3310)))
    try:
        with socket.socket(family, socket.SOCK_STREAM) as connection:
            connection.settimeout(float(getattr(settings, "CLAMAV_TIMEOUT", 30)))
            connection.connect(address)
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), 1 << 16):
                chunk = data[start : start + (1 << 16)]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    except OSError:
        # The antivirus is down: keep the file, marked as not yet analysed, rather than lose the user's work.
        return ScanStatus.PENDING
    if reply.rstrip(b"\0").endswith(b"FOUND"):
        return ScanStatus.INFECTED
    if reply.rstrip(b"\0").endswith(b"OK"):
        return ScanStatus.SAFE
    return ScanStatus.PENDING


def check_upload(upload) -> CheckedUpload:
    """Reads an uploaded file and refuses it when too large, of a type not accepted, empty or infected.

    Call it before the write transaction: a slow file or antivirus never holds the dossier's locks."""
    name = short_name(upload.name or "")
    limit = settings.QVCT_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise UploadRefused(
            f"Le fichier « {name} » pèse {size_label(upload.size)} ; la limite est de {size_label(limit)}. "
            "Réduisez-le (par exemple en le numérisant en noir et blanc) puis réessayez."
        )
    # Read one byte past the limit: a file that grew after its size was announced is still caught.
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(
            f"Le fichier « {name} » dépasse la limite de {size_label(limit)}. Réduisez-le puis réessayez."
        )
    if not data:
        raise UploadRefused(f"Le fichier « {name} » est vide. Choisissez le bon fichier puis réessayez.")
    try:
        content_type = detect_type(data)
    except ArchiveRefused:
        raise UploadRefused(
            f"Le fichier « {name} » est une archive qui prendrait bien plus de place une fois décompressée "
            "qu'un document ordinaire : il est refusé. Enregistrez à nouveau le document depuis votre "
            "traitement de texte ou votre tableur (ou en PDF) puis réessayez."
        ) from None
    if content_type is None:
        raise UploadRefused(
            f"Le fichier « {name} » n'est pas d'un type accepté ({ACCEPTED}), quelle que soit son extension. "
            "Enregistrez-le dans l'un de ces formats puis réessayez."
        )
    status = scan(data)
    if status == ScanStatus.INFECTED:
        raise UploadRefused(
            f"L'antivirus a détecté un virus dans « {name} » : le fichier est refusé. Analysez votre poste "
            "et déposez une copie saine."
        )
    return CheckedUpload(data, content_type, hashlib.sha256(data).hexdigest(), status, name)
