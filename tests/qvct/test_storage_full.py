"""A full disk (ENOSPC, EDQUOT) on an upload: a French message, a log line, and nothing half-saved.

The disk is « filled » under Django's file system storage: the n-th file written gets half its bytes, then
ENOSPC, as a real full disk does; the files before it are written whole.
"""

import datetime as dt
import errno
import html
import logging
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from dossiers.enums import EventKind
from dossiers.models import Document, Dossier, Message
from monitoring import services as monitoring
from monitoring.models import SpendingLine
from qvct.storage import MESSAGE, StorageFull, file_save, files_atomic
from tests.dossiers.files import PDF, pdf_upload
from tests.dossiers.test_importer import attachments_folder, run, write
from tests.eligibility.dossiers import clact_dossier
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

FULL = "L'espace de stockage du service est plein"


class _FullDisk:
    """The file of the n-th write: half of its first chunk lands on disk, then the disk is full."""

    def __init__(self, file, code):
        self.file, self.code = file, code

    def write(self, data):
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        raise OSError(self.code, os.strerror(self.code))

    def close(self):
        self.file.close()


@pytest.fixture
def full_disk(monkeypatch):
    """`full_disk(after=n, code=ENOSPC)`: the disk fills up on the (n+1)-th file stored."""

    def fill(after: int = 0, code: int = errno.ENOSPC):
        fdopen, opened = os.fdopen, []

        def full_fdopen(fd, *args, **kwargs):
            file = fdopen(fd, *args, **kwargs)
            opened.append(fd)
            return _FullDisk(file, code) if len(opened) > after else file

        monkeypatch.setattr(os, "fdopen", full_fdopen)

    return fill


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_an_attachment_on_a_full_disk_is_refused_in_french_and_nothing_is_kept(
    client, dossier, porteur, full_disk, settings, caplog
):
    full_disk()
    client.force_login(porteur)
    with caplog.at_level(logging.ERROR, logger="qvct.storage"):
        response = client.post(
            reverse("dossiers:document_upload", args=[dossier.reference]),
            {"kind": "rib", "file": pdf_upload("rib.pdf")},
            follow=True,
        )
    assert FULL in text_of(response) and "réessayez plus tard" in text_of(response)
    assert not Document.objects.exists() and stored_files(settings) == []
    assert not dossier.events.filter(kind=EventKind.DOCUMENT_ADDED).exists()
    assert "Stockage plein" in caplog.text


def test_a_quota_exceeded_is_said_as_a_full_disk(client, dossier, porteur, full_disk, settings):
    full_disk(code=errno.EDQUOT)
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:document_upload", args=[dossier.reference]),
        {"kind": "rib", "file": pdf_upload("rib.pdf")},
        follow=True,
    )
    assert FULL in text_of(response) and stored_files(settings) == []


def test_a_message_attachment_on_a_full_disk_sends_no_message(
    client, filed, porteur, full_disk, settings, mailoutbox
):
    before = stored_files(settings)
    full_disk()
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:messages", args=[filed.reference]),
        {"body": "Voici l'avis du CSE.", "attachment": pdf_upload("avis.pdf")},
    )
    assert response.status_code == 200 and FULL in text_of(response)
    assert not Message.objects.exists() and stored_files(settings) == before and mailoutbox == []


def test_an_invoice_on_a_full_disk_adds_no_spending_line(
    on_commit_now, follow_up, porteur, full_disk, settings
):
    before = stored_files(settings)
    full_disk()
    with pytest.raises(StorageFull, match="réessayez plus tard"):
        monitoring.line_add(
            action=follow_up.actions.get(),
            user=porteur,
            invoice_date=dt.date(2025, 3, 1),
            supplier="Ergonomia",
            amount=Decimal(1000),
            nature="equipment",
            upload=pdf_upload("facture.pdf"),
        )
    assert not SpendingLine.objects.exists() and stored_files(settings) == before


def test_a_filed_dossier_whose_pieces_fill_the_disk_is_not_imported_at_all(
    calls, tmp_path, full_disk, settings, capsys
):
    EstablishmentFactory(finess="670000272", name="CH DE SELESTAT")
    path, folder = write(tmp_path, clact_dossier()), attachments_folder(tmp_path)
    full_disk(after=3)  # three pieces stored, the fourth meets the full disk
    run(path, "--attachments", folder)
    assert FULL in capsys.readouterr().err
    assert not Dossier.objects.exists() and not Document.objects.exists() and stored_files(settings) == []


def test_an_upload_spooled_to_a_full_temporary_disk_gets_the_french_page(
    client, dossier, porteur, settings, monkeypatch
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # the upload goes to the temporary file

    class FullTemporary:
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            pass

    monkeypatch.setattr("qvct.uploadhandlers.tempfile.TemporaryFile", lambda **kwargs: FullTemporary())
    client.force_login(porteur)
    response = client.post(
        reverse("dossiers:document_upload", args=[dossier.reference]),
        {"kind": "rib", "file": pdf_upload("rib.pdf", PDF + b"0" * 100)},
    )
    assert response.status_code == 503 and FULL in text_of(response)
    assert not Document.objects.exists()


def test_the_api_says_the_storage_is_full_in_french(client, dossier, porteur, full_disk):
    from api.services import token_create

    full_disk()
    _, token = token_create(user=porteur, name="essai", days=30)
    response = client.post(
        f"/api/v1/dossiers/{dossier.reference}/documents",
        {"kind": "rib", "file": pdf_upload("rib.pdf")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 503 and response.json()["message"] == MESSAGE


# The rule: the file is written first, its row in the transaction, the file removed when it rolls back.


def test_a_file_written_in_a_block_that_rolls_back_is_removed(settings):
    document = Document(original_name="x.pdf")
    with pytest.raises(RuntimeError), files_atomic():
        file_save(document.file, "x.pdf", ContentFile(PDF))
        assert default_storage.exists(document.file.name)
        raise RuntimeError("la base refuse la ligne")
    assert stored_files(settings) == []


def test_files_of_an_inner_block_are_removed_when_the_outer_one_rolls_back(settings):
    first, second = Document(), Document()
    with pytest.raises(RuntimeError), files_atomic():
        with files_atomic():
            file_save(first.file, "a.pdf", ContentFile(PDF))
        file_save(second.file, "b.pdf", ContentFile(PDF))
        raise RuntimeError("annulé")
    assert stored_files(settings) == []


def test_a_full_disk_on_the_second_file_removes_the_first(settings, full_disk):
    full_disk(after=1)
    with pytest.raises(StorageFull), files_atomic():
        file_save(Document().file, "a.pdf", ContentFile(PDF))
        file_save(Document().file, "b.pdf", ContentFile(PDF))
    assert stored_files(settings) == []


def test_a_committed_block_keeps_its_file(settings):
    document = Document()
    with files_atomic():
        file_save(document.file, "a.pdf", ContentFile(PDF))
    assert [p.name for p in stored_files(settings)] == [Path(document.file.name).name]


def test_a_stored_file_is_only_written_inside_files_atomic():
    with pytest.raises(RuntimeError, match="files_atomic"), transaction.atomic():
        file_save(Document().file, "a.pdf", ContentFile(PDF))


def test_the_storage_leaves_no_partial_file_when_the_disk_fills_up(settings, full_disk):
    full_disk()
    with pytest.raises(OSError) as caught:
        default_storage.save("pieces/partiel.pdf", ContentFile(PDF))
    assert caught.value.errno == errno.ENOSPC and stored_files(settings) == []


def test_a_background_export_on_a_full_disk_says_so_and_keeps_no_file(
    client, clact, instructor, full_disk, settings, django_capture_on_commit_callbacks
):
    from qvct.exports.jobs import FULL_DISK
    from tests.qvct.test_exports import _launch
    from tests.review.factories import filed_dossiers

    filed_dossiers(clact, instructor, 2)
    before = stored_files(settings)
    client.force_login(instructor)
    full_disk()
    with django_capture_on_commit_callbacks(execute=True):
        job = _launch(client, "dossiers", "csv")
    job.refresh_from_db()
    assert job.error == FULL_DISK and not job.file and stored_files(settings) == before


def test_a_signed_convention_scan_on_a_full_disk_records_no_signature(
    on_commit_now, clact, chosen, campaign, manager, porteur, full_disk, settings
):
    from agreements import services as agreements
    from agreements.models import Convention
    from funding import notifications
    from funding import services as funding
    from tests.conftest import AFTER, SIGNED_ON

    funding.decisions_prepare(scenario=chosen, user=manager)
    funding.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    agreements.conventions_generate(call=clact, user=manager, today=AFTER)
    convention = Convention.objects.get()
    before = stored_files(settings)
    full_disk()
    with pytest.raises(StorageFull):
        agreements.convention_sign(
            convention=convention,
            user=porteur,
            side="establishment",
            signed_on=SIGNED_ON,
            upload=pdf_upload("s.pdf"),
        )
    convention.refresh_from_db()
    assert not convention.signed_file and convention.establishment_signed_on is None
    assert stored_files(settings) == before
