"""The one PDF renderer: it reads only the project's static files, embeds no attachment, and has glyphs for all."""

import logging
import re
import zlib
from pathlib import Path

import pytest

from dossiers.documents_pdf import dossier_pdf
from dossiers.models import Action
from qvct.pdf import STATIC_BASE_URL, PdfResourceRefused, render_pdf, static_file

EVERY_SCRIPT = "Projet 🚀 Œ ł ñ 中 😀"


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes followed by every stream it holds, inflated when compressed."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"\n".join(parts)


def extracted_characters(pdf: bytes) -> set[str]:
    """The characters the PDF's fonts map back to text (their ToUnicode maps), as a text extractor reads them."""
    found = set()
    for target in re.findall(rb"<[0-9a-fA-F]{4}> <([0-9a-fA-F]{4,8})>", pdf_text(pdf)):
        found |= set(bytes.fromhex(target.decode()).decode("utf-16-be", errors="ignore"))
    return found


def test_files_internal_urls_and_imports_are_neither_fetched_nor_embedded(listener, tmp_path):
    url, hits = listener
    secret = tmp_path / "db.sqlite3"
    secret.write_text("SECRET_KEY=marqueur-qui-ne-doit-pas-sortir")
    html = f"""<html><head>
      <link rel="attachment" href="file://{secret}">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="file:///proc/self/environ">
      <link rel="stylesheet" href="{url}/feuille.css">
      <style>@import url("{url}/import.css"); @import url("file://{secret}");</style>
      </head><body>
      <p>Convention</p>
      <img src="{url}/image.png"><img src="file://{secret}">
      <a rel="attachment" href="file://{secret}">pièce</a>
      <a rel="attachment" href="qvct/qvct.css">fichier statique</a>
      </body></html>"""

    pdf = render_pdf(html)

    assert pdf.startswith(b"%PDF")
    assert hits == []
    content = pdf_text(pdf)
    assert b"marqueur-qui-ne-doit-pas-sortir" not in content
    assert b"root:" not in content
    assert b"/EmbeddedFile" not in content and b"/FileAttachment" not in content


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "https://static.guichet-qvct.invalid.example.org/qvct/qvct.css",
        "data:text/css,p{color:red}",
        STATIC_BASE_URL + "../../../etc/passwd",
        STATIC_BASE_URL + "qvct/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        STATIC_BASE_URL + "qvct/qvct.css?x=1",
        STATIC_BASE_URL + "qvct/absent.css",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(PdfResourceRefused):
        static_file(url)


def test_the_fetcher_serves_the_vendored_fonts():
    assert static_file(STATIC_BASE_URL + "qvct/fonts/DejaVuSans.ttf").endswith("qvct/fonts/DejaVuSans.ttf")


@pytest.mark.django_db
def test_emoji_and_every_script_of_user_text_render_with_a_glyph(dossier, caplog):
    Action.objects.create(dossier=dossier, position=1, title=EVERY_SCRIPT)

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = dossier_pdf(dossier)

    # WeasyPrint says when a character has no glyph in any font (a blank box); it must never say it.
    assert not [record for record in caplog.records if ".notdef" in record.getMessage()]
    assert set("🚀Œłñ中😀") <= extracted_characters(pdf)


def test_every_pdf_goes_through_the_one_renderer():
    root = Path(__file__).resolve().parents[2]
    sources = [
        path
        for directory in root.iterdir()
        if directory.is_dir() and not directory.name.startswith(".") and directory.name != "tests"
        for path in directory.rglob("*.py")
    ]
    direct = [
        str(path.relative_to(root)) for path in sources if "weasyprint" in path.read_text(encoding="utf-8")
    ]
    assert direct == ["qvct/pdf.py"]
