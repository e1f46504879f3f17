"""Moves a call's whole calendar by a number of days, so that every interval between its dates stays the same."""

import datetime as dt
import re

from .definition import Calendar

# A milestone note that names a year (« du 14 mai à fin août 2024 ») would contradict its shifted dates.
DATED_NOTE = re.compile(r"\b(19|20)\d\d\b")


def _shifted(value, delta: dt.timedelta):
    return value + delta if isinstance(value, dt.date) else value


def calendar_shift(calendar: Calendar, delta: dt.timedelta) -> Calendar:
    """Every date and date-time of the calendar, milestones included, moved by `delta`."""
    updates = {name: _shifted(getattr(calendar, name), delta) for name in type(calendar).model_fields}
    updates["milestones"] = [
        milestone.model_copy(
            update={
                "date": _shifted(milestone.date, delta),
                "end": _shifted(milestone.end, delta),
                "note": "" if DATED_NOTE.search(milestone.note) else milestone.note,
            }
        )
        for milestone in calendar.milestones
    ]
    return calendar.model_copy(update=updates)


def calendar_moved_to_deadline(calendar: Calendar, deadline_day: dt.date) -> Calendar:
    """The calendar moved so that its deadline falls on `deadline_day`, at the hour it had."""
    if calendar.deadline is None:
        raise ValueError("le calendrier n'a pas de date limite à déplacer")
    zone = calendar.deadline.tzinfo
    return calendar_shift(calendar, deadline_day - calendar.deadline.astimezone(zone).date())
