"""Bounded inspection of zip-based documents (ODF, OOXML): their type, without ever inflating more than a peek."""

import io
import struct
import zipfile
import zlib

from django.conf import settings

ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The longest ODF mimetype is under 100 bytes: reading more would only inflate what a bomb hides there.
MIMETYPE_PEEK = 128
# A central-directory record is 46 bytes plus its name, extra field and comment: 1 KiB each is generous.
DIRECTORY_BYTES_PER_ENTRY = 1024
# Small entries compress extremely well when they are repetitive XML; only large ones are held to the ratio.
RATIO_GRACE_BYTES = 1_000_000
EOCD = struct.Struct("<4s4H2LH")


class ArchiveRefused(ValueError):
    """An archive too large once expanded, or with too many entries, refused before anything is inflated."""


def _directory_bounds(data: bytes) -> tuple[int, int] | None:
    """The entry count and central-directory size the archive declares (end-of-central-directory record)."""
    start = data.rfind(b"PK\x05\x06", max(0, len(data) - (EOCD.size + 0xFFFF)))
    if start < 0 or start + EOCD.size > len(data):
        return None
    fields = EOCD.unpack_from(data, start)
    return fields[4], fields[5]


def _check_bounds(data: bytes, archive: zipfile.ZipFile | None) -> None:
    max_entries = settings.QVCT_ARCHIVE_MAX_ENTRIES
    if archive is None:
        bounds = _directory_bounds(data)
        if bounds is None:
            return
        entries, directory_size = bounds
        # 0xFFFF announces a zip64 count: no office document needs that many entries.
        if (
            entries >= min(max_entries + 1, 0xFFFF)
            or directory_size > max_entries * DIRECTORY_BYTES_PER_ENTRY
        ):
            raise ArchiveRefused("entries")
        return
    infos = archive.infolist()
    if len(infos) > max_entries:
        raise ArchiveRefused("entries")
    expanded = 0
    for info in infos:
        expanded += info.file_size
        if info.file_size > RATIO_GRACE_BYTES and info.file_size > settings.QVCT_ARCHIVE_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ArchiveRefused("ratio")
    if expanded > settings.QVCT_ARCHIVE_MAX_EXPANDED_BYTES:
        raise ArchiveRefused("expanded")


def archive_type(data: bytes) -> str | None:
    """The office type of a zip container, or None; ArchiveRefused when it would expand beyond the limits."""
    # Counted before zipfile reads the directory, so that a million tiny entries never become a million objects.
    _check_bounds(data, None)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_bounds(data, archive)
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    return ODF_TYPES.get(entry.read(MIMETYPE_PEEK).strip())
            if "[Content_Types].xml" in names:
                for prefix, content_type in OOXML_TYPES.items():
                    if any(name.startswith(prefix) for name in names):
                        return content_type
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error):
        return None
    return None
