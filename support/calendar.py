"""iCalendar feeds of a cohort's sessions, in the call's time zone with its VTIMEZONE (icalendar)."""

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .models import Session


def sessions_ics(sessions: list[Session], *, name: str, zone: ZoneInfo, stamp: dt.datetime) -> bytes:
    """`sessions` with `host__dossier__establishment` and `member__dossier__establishment` loaded."""
    calendar = Calendar()
    calendar.add("prodid", "-//Guichet QVCT//Accompagnement collectif//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(zone))
    for session in sessions:
        event = Event()
        event.add("uid", f"seance-{session.pk}@guichet-qvct")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        if session.kind == Session.Kind.COLLECTIVE:
            where = session.host.dossier.establishment if session.host else None
            event.add("summary", f"{session.title} — {name}")
            if where:
                event.add(
                    "location",
                    f"{where.display_name}, {where.address} {where.postal_code} {where.city}".strip(),
                )
        else:
            event.add("summary", f"{session.title} — {session.member.dossier.establishment.display_name}")
            event.add("location", "À distance")
        if session.agenda:
            event.add("description", session.agenda)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
