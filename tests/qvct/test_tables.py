"""Exports: text that a spreadsheet would run as a formula is written as plain text, in every format."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from qvct.tables import table_bytes

HOSTILE = ['=HYPERLINK("http://exemple.org";"clic")', "+33 1 23", "-2+3", "@SUM(A1)", "\t=1"]


def test_csv_cells_that_would_be_formulas_start_with_an_apostrophe():
    data = table_bytes("csv", "t", ["texte", "montant"], [[text, Decimal("-12.50")] for text in HOSTILE])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))[1:]
    assert [row[0] for row in rows] == ["'" + text for text in HOSTILE]
    assert rows[0][1] == "-12,50"  # a number stays a number


def test_xlsx_cells_that_would_be_formulas_are_text():
    data = table_bytes("xlsx", "t", ["texte", "montant"], [[text, -3] for text in HOSTILE])
    sheet = load_workbook(io.BytesIO(data)).active
    for row, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s" and cell.value == "'" + text
    assert sheet.cell(row=2, column=2).value == -3


@pytest.mark.parametrize("text", HOSTILE)
def test_ods_cells_that_would_be_formulas_are_text(text):
    data = table_bytes("ods", "t", ["texte"], [[text]])
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert "table:formula" not in content and 'office:value-type="string"' in content
