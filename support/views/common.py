"""What the support pages share: the support programme call of the user's regions."""

from django.shortcuts import get_object_or_404

from calls.enums import CallKind
from calls.models import Call


def support_call(user, code: str) -> Call:
    """A support programme of the user's regions; 404 for another region or a funding call."""
    return get_object_or_404(
        Call.objects.filter(region__agents=user, kind=CallKind.SUPPORT_PROGRAM).select_related("region"),
        code=code,
    )


def call_breadcrumb(call: Call, current: str, links: list | None = None) -> dict:
    return {"links": links or [], "current": f"{current} — {call.short_title}"}
