"""Tables read back from a file the exporter wrote (or a spreadsheet re-saved it): CSV, XLSX, ODS.

Each reader gives the first sheet's name and its rows as lists of plain values (text, numbers, dates);
every way a file cannot be read becomes a French `ReadError`, never a traceback.
"""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

MAX_ROWS = 200_000
ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


class ReadError(Exception):
    """Why the file could not be read, in French (without the file's name)."""


def _q(prefix: str, name: str) -> str:
    return f"{{{ODS[prefix]}}}{name}"


def read_csv(raw: bytes) -> tuple[str, list[list]]:
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            content = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ReadError("encodage illisible (attendu : UTF-8)") from None
    head = content.split("\n", 1)[0]
    delimiter = ";" if head.count(";") >= head.count(",") else ","
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))
    return "CSV", [[value if value != "" else None for value in row] for row in rows[: MAX_ROWS + 1]]


def read_xlsx(raw: bytes) -> tuple[str, list[list]]:
    # Not a cycle: openpyxl takes about a second to import, paid by XLSX files only (as in writers.py).
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise ReadError("ce n'est pas un classeur XLSX lisible") from None
    sheet = workbook.worksheets[0]
    rows = [list(row) for _, row in zip(range(MAX_ROWS + 1), sheet.iter_rows(values_only=True), strict=False)]
    workbook.close()
    return sheet.title, rows


def _ods_text(cell) -> str:
    lines = []
    for paragraph in cell.iter(_q("text", "p")):
        parts = [paragraph.text or ""]
        for child in paragraph.iter():
            if child is paragraph:
                continue
            if child.tag == _q("text", "s"):
                parts.append(" " * int(child.get(_q("text", "c"), "1")))
            elif child.tag == _q("text", "line-break"):
                parts.append("\n")
            elif child.tag == _q("text", "tab"):
                parts.append("\t")
            else:
                parts.append(child.text or "")
            parts.append(child.tail or "")
        lines.append("".join(parts))
    return "\n".join(lines)


def _ods_value(cell):
    kind = cell.get(_q("office", "value-type"))
    if kind in ("float", "percentage", "currency"):
        return float(cell.get(_q("office", "value")))
    if kind == "date":
        value = cell.get(_q("office", "date-value"))
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if kind == "boolean":
        return cell.get(_q("office", "boolean-value")) == "true"
    text = _ods_text(cell)
    return text if text != "" else None


def read_ods(raw: bytes) -> tuple[str, list[list]]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError):
        raise ReadError("ce n'est pas un classeur ODS lisible") from None
    if b"<!DOCTYPE" in content[:4096] or b"<!ENTITY" in content:
        raise ReadError("classeur ODS refusé (déclarations XML non admises)")
    try:
        root = ElementTree.fromstring(content)
        table = next(root.iter(_q("table", "table")))
    except (ElementTree.ParseError, StopIteration):
        raise ReadError("ce n'est pas un classeur ODS lisible") from None
    rows: list[list] = []
    blank = 0  # empty rows are counted, kept only before a filled row (row numbers stay right)
    for row in table.iter(_q("table", "table-row")):
        values: list = []
        for cell in row:
            if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                continue
            value = _ods_value(cell) if cell.tag == _q("table", "table-cell") else None
            repeat = min(int(cell.get(_q("table", "number-columns-repeated"), "1")), 1024)
            values.extend([value] * repeat)
        while values and values[-1] is None:
            values.pop()
        repeat = min(int(row.get(_q("table", "number-rows-repeated"), "1")), MAX_ROWS + 1)
        if not values:  # a re-saved sheet ends with a million empty repeated rows: never materialised
            blank += repeat
            continue
        rows.extend([] for _ in range(blank))
        rows.extend(list(values) for _ in range(repeat))
        blank = 0
        if len(rows) > MAX_ROWS:
            break
    return table.get(_q("table", "name"), "Feuille 1"), rows


READERS = {".csv": read_csv, ".xlsx": read_xlsx, ".ods": read_ods}


def read_table(path: Path) -> tuple[str, list[list]]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError("format non reconnu (attendu : .xlsx, .ods ou .csv)")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReadError(f"fichier illisible ({error.strerror or error})") from None
    sheet, rows = reader(raw)
    if len(rows) > MAX_ROWS:
        raise ReadError(f"plus de {MAX_ROWS} lignes : découpez le fichier")
    return sheet, rows
