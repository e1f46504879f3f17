"""Upload handler that spools large uploads to an unnamed temporary file, so a killed request leaves nothing."""

import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .storage import is_full, storage_full


class AnonymousTemporaryUploadedFile(UploadedFile):
    """An upload spooled to a file without a name (O_TMPFILE, or unlinked at once): the kernel frees it
    when the process ends, however it ends, which a named temporary file does not survive (kill -9)."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        file = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 (closed with the upload)
        super().__init__(file, name, content_type, size, charset, content_type_extra)


class AnonymousTemporaryFileUploadHandler(FileUploadHandler):
    """Django's TemporaryFileUploadHandler, without the file name on disk (nothing moves the file by path here:
    every upload is read, checked, then stored through the storage API)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = AnonymousTemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data, start):
        try:
            self.file.write(raw_data)
        except OSError as error:
            if not is_full(error):
                raise
            # The upload is dropped (its temporary file goes with it); StorageFullMiddleware answers the request.
            storage_full(error, f"réception de {self.file_name}")
            self.request.qvct_storage_full = True
            raise StopUpload(connection_reset=False) from error

    def file_complete(self, file_size):
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self):
        if hasattr(self, "file"):
            self.file.close()
