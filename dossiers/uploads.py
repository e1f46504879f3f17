"""Checks of an uploaded file by its content (magic bytes), its size, and the antivirus when one is configured."""

import hashlib
import io
import socket
import struct
import zipfile
from dataclasses import dataclass

from django.conf import settings

from .enums import ScanStatus

ACCEPTED = "PDF, ODT, ODS, DOCX, XLSX, JPEG ou PNG"

ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UploadRefused(ValueError):
    """Why an upload is refused, in French, saying what to do."""


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    content_type: str
    sha256: str
    scan_status: ScanStatus


def detect_type(data: bytes) -> str | None:
    """The real type of a file from its first bytes (and, for zip containers, their table of contents)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    return ODF_TYPES.get(archive.read("mimetype").strip())
                if "[Content_Types].xml" in names:
                    for prefix, content_type in OOXML_TYPES.items():
                        if any(name.startswith(prefix) for name in names):
                            return content_type
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None


def scan(data: bytes) -> ScanStatus:
    """Asks ClamAV (clamd's INSTREAM command) when CLAMAV_SOCKET or CLAMAV_HOST is set; else pending."""
    target = getattr(settings, "CLAMAV_SOCKET", "") or None
    host = getattr(settings, "CLAMAV_HOST", "") or None
    if not (target or host):
        return ScanStatus.PENDING
    family = socket.AF_UNIX if target else socket.AF_INET
    address = target or (host, int(getattr(settings, "CLAMAV_PORT", 3310)))
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
    """Reads an uploaded file and refuses it when too large, of a type not accepted, empty or infected."""
    limit = settings.QVCT_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise UploadRefused(
            f"Le fichier « {upload.name} » pèse {upload.size / 1_000_000:.1f} Mo ; la limite est de "
            f"{limit / 1_000_000:.0f} Mo. Réduisez-le (par exemple en le numérisant en noir et blanc) puis réessayez."
        )
    data = upload.read()
    if not data:
        raise UploadRefused(
            f"Le fichier « {upload.name} » est vide. Choisissez le bon fichier puis réessayez."
        )
    content_type = detect_type(data)
    if content_type is None:
        raise UploadRefused(
            f"Le fichier « {upload.name} » n'est pas d'un type accepté ({ACCEPTED}), quelle que soit son extension. "
            "Enregistrez-le dans l'un de ces formats puis réessayez."
        )
    status = scan(data)
    if status == ScanStatus.INFECTED:
        raise UploadRefused(
            f"L'antivirus a détecté un virus dans « {upload.name} » : le fichier est refusé. Analysez votre poste "
            "et déposez une copie saine."
        )
    return CheckedUpload(data, content_type, hashlib.sha256(data).hexdigest(), status)
