"""Tables written row by row to a file: CSV (UTF-8 with BOM, `;`), XLSX (openpyxl write-only), ODS (streamed XML).

Memory stays flat whatever the number of rows: no writer keeps the rows it has written.
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

from qvct.tables import neutralised

FORMATS = ("csv", "xlsx", "ods")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FORMAT_LABELS = {"csv": "CSV", "xlsx": "XLSX (Excel)", "ods": "ODS (LibreOffice)"}
PROGRESS_EVERY = 500


def _plain(value):
    """A value as a spreadsheet stores it: local naive date-times, « oui »/« non », formulas neutralised."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "oui" if value else "non"
    return neutralised(value)


def text(value) -> str:
    """A value as the CSV (and the ODS cell's displayed text) writes it, the French way."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _counted(rows: Iterable[Sequence], progress: Callable[[int], None] | None):
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)


def write_csv(binary, headers: Sequence[str], rows: Iterable[Sequence], progress=None) -> None:
    # Semicolons and a BOM: what a French spreadsheet opens correctly with a double click.
    stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(headers)
    for row in _counted(rows, progress):
        writer.writerow([text(value) for value in row])
    stream.flush()
    stream.detach()


def write_xlsx(binary, title: str, headers: Sequence[str], rows: Iterable[Sequence], progress=None) -> None:
    # Not a cycle: openpyxl takes about a second to import, paid by XLSX exports only.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for row in _counted(rows, progress):
        sheet.append([_plain(value) for value in row])
    workbook.save(binary)


ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)


def _ods_cell(value) -> str:
    value = _plain(value)
    shown = escape(text(value))
    if isinstance(value, (int, float, Decimal)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{shown}</text:p>'
            "</table:table-cell>"
        )
    if isinstance(value, dt.datetime):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat(timespec="seconds")}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    if value is None or value == "":
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{shown}</text:p></table:table-cell>'


def _ods_row(row: Sequence) -> bytes:
    return ("<table:table-row>" + "".join(_ods_cell(value) for value in row) + "</table:table-row>").encode()


def write_ods(binary, title: str, headers: Sequence[str], rows: Iterable[Sequence], progress=None) -> None:
    """An OpenDocument spreadsheet whose content.xml is written into the ZIP row by row."""
    with zipfile.ZipFile(binary, "w") as archive:
        # The mimetype comes first and uncompressed, as the OpenDocument format requires.
        archive.writestr(zipfile.ZipInfo("mimetype"), CONTENT_TYPES["ods"], compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("content.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as content:
            content.write(ODS_HEAD.encode())
            content.write(f"<table:table table:name={quoteattr(title[:31])}>".encode())
            content.write(_ods_row(headers))
            for row in _counted(rows, progress):
                content.write(_ods_row(row))
            content.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")


def write(
    fmt: str, binary, title: str, headers: Sequence[str], rows: Iterable[Sequence], progress=None
) -> None:
    """Writes the table in the format asked into the binary file `binary`."""
    if fmt == "csv":
        write_csv(binary, headers, rows, progress)
    elif fmt == "xlsx":
        write_xlsx(binary, title, headers, rows, progress)
    elif fmt == "ods":
        write_ods(binary, title, headers, rows, progress)
    else:
        raise ValueError(f"Format inconnu : {fmt}")
