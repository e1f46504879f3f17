"""Reading back a table: an ODS re-saved by LibreOffice (repeated cells and rows, spaces, line breaks) and XLSX types."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from qvct.exports.readers import ReadError, read_table

T = 'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
OFFICE = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
X = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'


def _ods(tmp_path, body: str):
    path = tmp_path / "f.ods"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "content.xml",
            f"<office:document-content {T} {OFFICE} {X}><office:body><office:spreadsheet>"
            f'<table:table table:name="Échange">{body}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    path.write_bytes(buffer.getvalue())
    return path


def test_a_resaved_ods_keeps_its_cells_its_row_numbers_and_drops_the_padding(tmp_path):
    cell = '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>c</text:p></table:table-cell>'
    body = (
        f'<table:table-row><table:table-cell table:number-columns-repeated="2"/>{cell}</table:table-row>'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell office:value-type="float" office:value="4200.5"><text:p>4 200,50</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2026-04-01"><text:p>01/04/2026</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )

    sheet, rows = read_table(_ods(tmp_path, body))

    assert sheet == "Échange"
    assert rows == [[None, None, "a  b\nc"], [], [], [4200.5, dt.date(2026, 4, 1)]]


def test_an_ods_with_entity_declarations_is_refused(tmp_path):
    path = tmp_path / "f.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", '<!DOCTYPE x [<!ENTITY a "b">]><x/>')
    with pytest.raises(ReadError, match="déclarations XML non admises"):
        read_table(path)


def test_xlsx_cells_come_back_typed(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Échange"
    workbook.active.append(["Début", "Coût"])
    workbook.active.append([dt.date(2026, 4, 1), 4200.5])
    path = tmp_path / "f.xlsx"
    workbook.save(path)

    assert read_table(path) == ("Échange", [["Début", "Coût"], [dt.datetime(2026, 4, 1), 4200.5]])


@pytest.mark.parametrize("name", ["f.xlsx", "f.ods", "f.txt"])
def test_a_file_that_is_not_a_spreadsheet_is_refused_in_french(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"pas un classeur")
    with pytest.raises(ReadError, match=r"classeur|format non reconnu"):
        read_table(path)
