"""Stored files and transactions: the file is written first, its row in the transaction, the file removed on rollback.

Every write of a stored file goes through `file_save` inside `files_atomic()` (which stands for
`transaction.atomic()`): when the block fails — a refusal, a database error, a full disk on the next file — the
files it wrote are removed, so that no file is left without its row and no row points to a missing file. A full
disk (ENOSPC, or the quota, EDQUOT) becomes `StorageFull`, whose French message the pages show as is.
"""

import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("qvct.storage")

FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
MESSAGE = (
    "L'espace de stockage du service est plein : votre fichier n'a pas été enregistré, et rien d'autre n'a changé. "
    "L'équipe d'exploitation est prévenue ; réessayez plus tard."
)

_written: ContextVar[list | None] = ContextVar("qvct_files_written", default=None)


class StorageFull(Exception):
    """The storage refused a write for want of space; carries the French message shown to the user."""

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


def is_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL


def storage_full(error: OSError, where: str) -> StorageFull:
    """The operators' log line, and the user's refusal."""
    logger.error("Stockage plein (%s) : %s", where, error)
    return StorageFull()


def _discard(written: list) -> None:
    for storage, name in reversed(written):
        try:
            storage.delete(name)
        except OSError:  # the rollback must still go through; the file is named in the log
            logger.exception("Fichier à supprimer à la main après une annulation : %s", name)


@contextmanager
def files_atomic(using=None) -> Iterator[None]:
    """`transaction.atomic()` that removes the files written in it (by `file_save`) when it does not commit.

    Nested blocks hand their files to the enclosing one: an outer rollback removes them too.
    """
    parent = _written.get()
    written: list = []
    token = _written.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        _discard(written)
        raise
    finally:
        _written.reset(token)
    if parent is not None:
        parent.extend(written)


def file_save(field_file, name: str, content) -> None:
    """Writes the file of a FileField (the row is saved by the caller, in the same `files_atomic()` block)."""
    written = _written.get()
    if written is None:
        raise RuntimeError("A stored file is written inside files_atomic(), so that a rollback removes it.")
    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        if is_full(error):
            raise storage_full(error, f"enregistrement de {name}") from error
        raise
    written.append((field_file.storage, field_file.name))


class CleanFileSystemStorage(FileSystemStorage):
    """Django's file system storage, which removes what it wrote of a file when the write fails midway
    (a full disk): Django's own leaves the partial file on disk."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as error:
            # Names are random (uuid) here, and the file is created exclusively: this one is ours.
            if self.exists(name):
                self.delete(name)
            if is_full(error):
                logger.error("Stockage plein : %s non écrit (%s)", name, error)
            raise


class StorageFullMiddleware:
    """A full disk met while reading an upload or storing it, on a page that does not say it itself: the French
    page « espace de stockage plein » (503), never a stack trace. Placed after the CSRF middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.POST  # noqa: B018 (reads the upload now: a full disk while spooling it is said before the view)
        if getattr(request, "qvct_storage_full", False):
            return refusal()
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, StorageFull):
            return refusal()
        if is_full(exception):
            storage_full(exception, request.path)
            return refusal()
        return None


def refusal():
    return HttpResponse(render_to_string("storage_full.html", {"message": MESSAGE}), status=503)
