"""Cursor pagination: stable under insertions, and never counts the whole table."""

import base64
import binascii

from django.db.models import QuerySet

from .errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _decode(cursor: str) -> int:
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = -1
    if value <= 0:
        raise ApiError(
            400,
            "curseur_invalide",
            "Ce curseur de pagination n'est pas valide : reprenez à la première page.",
        )
    return value


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def page(queryset: QuerySet, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page, newest first, and the cursor of the next one (one row more is read to know if it exists)."""
    queryset = queryset.order_by("-pk")
    if cursor:
        queryset = queryset.filter(pk__lt=_decode(cursor))
    rows = list(queryset[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], _encode(rows[limit - 1].pk)
    return rows, None
