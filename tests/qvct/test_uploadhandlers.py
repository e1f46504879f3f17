"""Large uploads spool to a temporary file with no name on disk, so a killed request leaves nothing behind."""

import io
import os

from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory

from qvct.uploadhandlers import AnonymousTemporaryFileUploadHandler


def _upload_in_progress(handler_class, settings, tmp_path):
    """Feeds half of an upload to the handler, as a request killed mid-way would have done."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    handler = handler_class()
    handler.new_file("file", "piece.pdf", "application/pdf", 10_000_000)
    handler.receive_data_chunk(b"%PDF-" + b"0" * 65_536, 0)
    return handler


def test_a_half_received_upload_has_no_name_on_disk(settings, tmp_path):
    handler = _upload_in_progress(AnonymousTemporaryFileUploadHandler, settings, tmp_path)
    assert os.listdir(tmp_path) == []  # killed now, it leaves nothing: the kernel frees an unnamed file
    handler.file.seek(0)
    assert handler.file.read(5) == b"%PDF-"
    handler.upload_interrupted()


def test_django_s_own_handler_would_leave_a_named_file(settings, tmp_path):
    handler = _upload_in_progress(TemporaryFileUploadHandler, settings, tmp_path)
    assert len(os.listdir(tmp_path)) == 1
    handler.upload_interrupted()


def test_the_settings_spool_large_uploads_to_unnamed_files(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="piece.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + b"%PDF-" + b"0" * 5000 + b"\r\n--B--\r\n"
    )
    request = RequestFactory().post("/", data=body, content_type="multipart/form-data; boundary=B")
    _, files = MultiPartParser(request.META, io.BytesIO(body), request.upload_handlers).parse()
    upload = files["file"]
    assert upload.size == 5005 and not hasattr(upload, "temporary_file_path")
    assert os.listdir(tmp_path) == []
    upload.close()
