"""Tables written as CSV, XLSX or ODS: one function for every export of the product."""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook
from openpyxl.styles import Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


# A spreadsheet reads a cell starting with one of these as a formula (or DDE command): text typed by a user
# (a title, a name) could then run on the agent's machine. Such text is written with a leading apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """Text that a spreadsheet would take for a formula, made plain text; any other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    # Semicolons and a BOM: what a French spreadsheet opens correctly with a double click.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else _text(neutralised(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, dt.datetime):
                value = value.replace(tzinfo=None)
            elif isinstance(value, bool):
                value = "oui" if value else "non"
            values.append(neutralised(value))
        sheet.append(values)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name=title[:31])

    def cell(value):
        value = neutralised(value)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            element = TableCell(valuetype="float", value=str(value))
            element.addElement(P(text=_text(value)))
            return element
        element = TableCell(valuetype="string")
        element.addElement(P(text="" if value is None else _text(value)))
        return element

    for row in [headers, *rows]:
        line = TableRow()
        for value in row:
            line.addElement(cell(value))
        table.addElement(line)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def table_bytes(fmt: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The table in the format asked; text cells that would start a formula are neutralised."""
    rows = list(rows)
    if fmt == "csv":
        return _csv(headers, rows)
    if fmt == "xlsx":
        return _xlsx(title, headers, rows)
    if fmt == "ods":
        return _ods(title, headers, rows)
    raise ValueError(f"Format inconnu : {fmt}")


def table_response(fmt: str, filename: str, title: str, headers: Sequence[str], rows) -> HttpResponse:
    response = HttpResponse(table_bytes(fmt, title, headers, rows), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
