"""Reads of calls for the public pages and workspaces: one query each, whatever the number of calls."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone

from .enums import CallStatus
from .models import Call

STATUS_ORDER = {CallStatus.OPEN: 0, CallStatus.UPCOMING: 1, CallStatus.CLOSED: 2}


def calls_by_status(now: dt.datetime | None = None, queryset=None) -> dict[CallStatus, list[Call]]:
    now = now or timezone.now()
    groups: dict[CallStatus, list[Call]] = {status: [] for status in STATUS_ORDER}
    calls = (queryset if queryset is not None else Call.objects.published()).select_related("region")
    for call in calls:
        call.current_status = call.status(now)
        groups[call.current_status].append(call)
    return groups


def calls_for_home(limit: int = 6) -> list[Call]:
    """The calls worth showing first: open ones, then announced ones, then the most recent closed ones."""
    groups = calls_by_status()
    ordered = [call for status in STATUS_ORDER for call in groups[status]]
    return ordered[:limit]


def call_for_page(code: str) -> Call:

    call = get_object_or_404(Call.objects.published().select_related("region"), code=code)
    call.current_status = call.status()
    return call
