"""Models of the project package itself: the background exports shared by every list (qvct/exports)."""

from .exports.models import ExportJob  # noqa: F401
