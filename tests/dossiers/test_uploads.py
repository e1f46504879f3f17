"""Upload checks: real type from the content, and the ClamAV hook (a fake clamd speaking INSTREAM)."""

import socket
import struct
import threading

import pytest

from dossiers.enums import ScanStatus
from dossiers.uploads import UploadRefused, check_upload, detect_type
from tests.dossiers.files import JPEG, PDF, PNG, docx, odt, pdf_upload

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd(threading.Thread):
    """Answers INSTREAM like clamd: FOUND for the EICAR test string, OK otherwise."""

    def __init__(self, path: str) -> None:
        super().__init__(daemon=True)
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)
        self.received: list[bytes] = []

    def run(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                command = b""
                while not command.endswith(b"\0"):
                    command += connection.recv(1)
                data = b""
                while True:
                    size = struct.unpack("!L", self._read(connection, 4))[0]
                    if size == 0:
                        break
                    data += self._read(connection, size)
                self.received.append(data)
                verdict = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in data else b"stream: OK\0"
                connection.sendall(verdict)

    @staticmethod
    def _read(connection, size: int) -> bytes:
        data = b""
        while len(data) < size:
            data += connection.recv(size - len(data))
        return data

    def stop(self) -> None:
        self.server.close()


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


def test_without_antivirus_files_are_marked_pending():
    assert check_upload(pdf_upload()).scan_status == ScanStatus.PENDING


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
