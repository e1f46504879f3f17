"""Upload checks: real type from the content, and the ClamAV hook (a fake clamd speaking INSTREAM)."""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from dossiers.enums import ScanStatus
from dossiers.services import document_add
from dossiers.uploads import UploadRefused, check_upload, detect_type, short_name
from tests.dossiers.clamd import EICAR, FakeClamd
from tests.dossiers.files import JPEG, PDF, PNG, docx, odt, odt_bomb, pdf_upload, zip_with_entries


@pytest.fixture
def clamd(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")
    server = FakeClamd(path)
    server.start()
    settings.CLAMAV_SOCKET = path
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (odt(), "application/vnd.oasis.opendocument.text"),
        (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"PK\x03\x04 not really a zip", None),
        (b"<html></html>", None),
    ],
)
def test_the_type_is_read_from_the_content(content, expected):
    assert detect_type(content) == expected


def test_without_antivirus_files_say_plainly_they_are_not_analysed():
    status = check_upload(pdf_upload()).scan_status
    assert status == ScanStatus.UNSCANNED
    assert status.label == "Non analysé : antivirus non configuré"


def test_a_clean_file_is_marked_safe_by_clamav(clamd):
    assert check_upload(pdf_upload()).scan_status == ScanStatus.SAFE
    assert clamd.received == [PDF]


def test_an_infected_file_is_refused(clamd):
    with pytest.raises(UploadRefused, match="L'antivirus a détecté un virus"):
        check_upload(pdf_upload(content=PDF + EICAR))


def test_an_unreachable_antivirus_keeps_the_file_pending(settings, tmp_path):
    settings.CLAMAV_SOCKET = str(tmp_path / "absent.sock")
    assert check_upload(pdf_upload()).scan_status == ScanStatus.PENDING


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused, match="est vide"):
        check_upload(pdf_upload(content=b""))


def test_an_odt_bomb_is_refused_without_inflating_it():
    bomb = odt_bomb()  # about 1 MB, 1 GiB once its `mimetype` entry is inflated
    upload = SimpleUploadedFile("bombe.odt", bomb, content_type="application/vnd.oasis.opendocument.text")
    tracemalloc.start()
    try:
        with pytest.raises(UploadRefused, match="une fois décompressée") as refusal:
            check_upload(upload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, f"pic mémoire {peak / 1e6:.0f} Mo"
    assert "« bombe.odt »" in str(refusal.value)


def test_an_archive_with_too_many_entries_is_refused(settings):
    settings.QVCT_ARCHIVE_MAX_ENTRIES = 50
    assert detect_type(zip_with_entries(10)) == "application/vnd.oasis.opendocument.text"
    with pytest.raises(UploadRefused, match="une fois décompressée"):
        check_upload(SimpleUploadedFile("entrees.odt", zip_with_entries(60)))


def test_an_archive_expanding_beyond_the_total_limit_is_refused(settings):
    settings.QVCT_ARCHIVE_MAX_EXPANDED_BYTES = 4_000_000
    with pytest.raises(UploadRefused, match="une fois décompressée"):
        check_upload(SimpleUploadedFile("gros.odt", odt_bomb(8 << 20)))


def test_a_long_file_name_is_cut_keeping_its_extension():
    name = "compte-rendu " * 25 + ".pdf"  # 329 characters
    cut = short_name(name)
    assert len(cut) == 200 and cut.endswith(".pdf")
    assert check_upload(pdf_upload(name=name)).name == cut


def test_the_size_limit_reads_the_same_figure_on_the_form_and_in_the_refusal(settings):
    from dossiers.forms import DocumentForm

    settings.QVCT_UPLOAD_MAX_BYTES = 20_000_000
    assert "20\u00a0Mo au plus" in DocumentForm().fields["file"].help_text
    with pytest.raises(UploadRefused) as refusal:
        check_upload(pdf_upload(content=PDF + b"0" * 20_500_000))
    assert "pèse 20,5\u00a0Mo ; la limite est de 20\u00a0Mo" in str(refusal.value)


def test_an_upload_clamd_could_not_analyse_is_analysed_by_the_worker(
    settings, tmp_path, dossier, porteur, django_capture_on_commit_callbacks
):
    path = str(tmp_path / "clamd.sock")
    settings.CLAMAV_SOCKET = path  # configured, but not answering yet
    with django_capture_on_commit_callbacks() as callbacks:
        document = document_add(dossier=dossier, user=porteur, kind="other", upload=pdf_upload())
    assert document.scan_status == ScanStatus.PENDING
    server = FakeClamd(path)
    server.start()
    try:
        for callback in callbacks:
            callback()  # the worker's turn (tests run tasks at once)
    finally:
        server.stop()
    document.refresh_from_db()
    assert document.scan_status == ScanStatus.SAFE and server.received == [PDF]


def test_the_rescan_command_has_the_worker_mark_a_file_infected(
    settings, tmp_path, dossier, porteur, django_capture_on_commit_callbacks
):
    path = str(tmp_path / "clamd.sock")
    settings.CLAMAV_SOCKET = path
    with django_capture_on_commit_callbacks():
        document = document_add(
            dossier=dossier, user=porteur, kind="other", upload=pdf_upload(content=PDF + EICAR)
        )
    server = FakeClamd(path)
    server.start()
    try:
        call_command("scan_pending")
    finally:
        server.stop()
    document.refresh_from_db()
    assert document.scan_status == ScanStatus.INFECTED


def test_a_message_attachment_is_held_to_the_same_archive_limits(dossier, porteur):
    from dossiers.services import message_post

    bomb = SimpleUploadedFile("annexe.odt", odt_bomb(8 << 20))  # 8 KB inflating 1 000 times
    with pytest.raises(UploadRefused, match="une fois décompressée"):
        message_post(dossier=dossier, user=porteur, body="Voici l'annexe.", upload=bomb, from_agency=False)
    assert not dossier.messages.exists()


def test_a_message_attachment_clamd_could_not_analyse_is_shown_pending_then_analysed_by_the_worker(
    settings, tmp_path, client, dossier, porteur, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from dossiers.services import message_post

    path = str(tmp_path / "clamd.sock")
    settings.CLAMAV_SOCKET = path  # configured, but not answering yet
    with django_capture_on_commit_callbacks() as callbacks:
        message = message_post(
            dossier=dossier, user=porteur, body="Voici l'annexe.", upload=pdf_upload(), from_agency=False
        )
    assert message.attachment_scan_status == ScanStatus.PENDING
    client.force_login(porteur)
    page = client.get(reverse("dossiers:messages", args=[dossier.reference])).content.decode()
    assert "antivirus : analyse en attente" in page
    server = FakeClamd(path)
    server.start()
    try:
        for callback in callbacks:
            callback()  # the worker's turn (tests run tasks at once)
    finally:
        server.stop()
    message.refresh_from_db()
    assert message.attachment_scan_status == ScanStatus.SAFE and server.received == [PDF]
    page = client.get(reverse("dossiers:messages", args=[dossier.reference])).content.decode()
    assert "antivirus : sain" in page


def test_the_rescan_command_also_analyses_pending_message_attachments(
    settings, tmp_path, dossier, porteur, django_capture_on_commit_callbacks
):
    from dossiers.services import message_post

    path = str(tmp_path / "clamd.sock")
    settings.CLAMAV_SOCKET = path
    with django_capture_on_commit_callbacks():
        message = message_post(
            dossier=dossier,
            user=porteur,
            body="Annexe.",
            upload=pdf_upload(content=PDF + EICAR),
            from_agency=False,
        )
    server = FakeClamd(path)
    server.start()
    try:
        call_command("scan_pending")
    finally:
        server.stop()
    message.refresh_from_db()
    assert message.attachment_scan_status == ScanStatus.INFECTED
