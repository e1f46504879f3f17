"""Which PDFs the instruction shows inline: none that carries JavaScript or automatic actions, however hidden."""

import zlib

import pytest
from weasyprint import HTML

from dossiers.previews import pdf_has_active_content
from tests.dossiers.files import PDF


def _object_stream(content: bytes) -> bytes:
    body = zlib.compress(content)
    return (
        b"%%PDF-1.5\n5 0 obj << /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(body)
        + body
        + b"\nendstream\nendobj\n%%EOF\n"
    )


def test_an_ordinary_pdf_is_shown():
    assert not pdf_has_active_content(
        HTML(string="<h1>Devis</h1><a href='https://exemple.fr'>lien</a>").write_pdf()
    )
    assert not pdf_has_active_content(PDF)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n2 0 obj << /S /JavaScript /JS (app.alert\\(1\\)) >> endobj",
        b"%PDF-1.4\n2 0 obj << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> endobj",
        b"%PDF-1.4\n2 0 obj << /S /Launch /F (calc.exe) >> endobj",
        b"%PDF-1.4\n2 0 obj << /S /SubmitForm /F (https://exemple.org) >> endobj",
        _object_stream(b"4 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"),
    ],
    ids=["javascript", "escaped-names", "launch", "submit-form", "in-an-object-stream"],
)
def test_a_pdf_with_active_content_is_not_shown(content):
    assert pdf_has_active_content(content)


def test_an_object_stream_we_cannot_read_is_not_shown():
    assert pdf_has_active_content(
        b"%PDF-1.5\n5 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\nnot zlib\nendstream\n"
    )
