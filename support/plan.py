"""The session plan of a cohort, pure (no Django): collective sessions spread over the programme, individual
remote sessions between them; every count and length comes from the call definition, the rest is editable."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# Product defaults, not rules of a call: the plan is a first draft that the ARACT edits session by session.
COLLECTIVE_WEEKDAY = 1  # Tuesday
INDIVIDUAL_WEEKDAY = 3  # Thursday
FULL_DAY = (dt.time(9, 30), dt.time(16, 30))
HALF_DAY = (dt.time(9, 30), dt.time(12, 30))
INDIVIDUAL_SLOTS = (dt.time(9, 30), dt.time(11, 0), dt.time(14, 0))
INDIVIDUAL_LENGTH = dt.timedelta(minutes=90)


@dataclass(frozen=True)
class PlanInput:
    collective_count: int
    collective_days: Decimal | None
    individual_count: int
    start: dt.date
    end: dt.date
    hosts: tuple[int, ...]  # the cohort members hosting, in rotation
    establishments: tuple[int, ...]  # every cohort member, for its individual sessions
    collective_agenda: tuple[str, ...] = ()
    individual_agenda: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedSession:
    kind: str  # "collective" or "individual"
    number: int
    day: dt.date
    start: dt.time
    end: dt.time
    host: int | None = None
    establishment: int | None = None
    agenda: tuple[str, ...] = ()


def collective_lengths(count: int, total_days: Decimal | None) -> list[Decimal]:
    """Full days, then half days at the end, so that they add up to `total_days` (« 6 temps collectifs soit
    5,5 journées »: five days and a half day). Without a total, every session is a full day."""
    if total_days is None:
        return [Decimal(1)] * count
    halves = int((Decimal(count) - total_days) * 2)
    if not 0 <= halves <= count:
        raise ValueError(
            f"{count} séances ne peuvent totaliser {total_days} journées en journées ou demi-journées"
        )
    return [Decimal(1)] * (count - halves) + [Decimal("0.5")] * halves


def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def plan_sessions(data: PlanInput) -> list[PlannedSession]:
    lengths = collective_lengths(data.collective_count, data.collective_days)
    span = (data.end - data.start).days
    step = span / data.collective_count
    days = [
        _on_or_after(data.start + dt.timedelta(days=int(step * (index + 0.5))), COLLECTIVE_WEEKDAY)
        for index in range(data.collective_count)
    ]
    sessions = []
    for index, (day, length) in enumerate(zip(days, lengths, strict=True)):
        start, end = FULL_DAY if length == 1 else HALF_DAY
        host = data.hosts[index % len(data.hosts)] if data.hosts else None
        sessions.append(
            PlannedSession("collective", index + 1, day, start, end, host=host, agenda=data.collective_agenda)
        )
    # Individual sessions sit between two collective ones (after the first, before the last).
    gaps = [(days[i], days[i + 1]) for i in range(len(days) - 1)]
    for number in range(1, data.individual_count + 1):
        before, after = gaps[(number - 1) % len(gaps)] if gaps else (data.start, data.end)
        middle = before + (after - before) / 2
        for position, establishment in enumerate(data.establishments):
            day = _on_or_after(middle, INDIVIDUAL_WEEKDAY) + dt.timedelta(
                weeks=position // len(INDIVIDUAL_SLOTS)
            )
            start = INDIVIDUAL_SLOTS[position % len(INDIVIDUAL_SLOTS)]
            end = (dt.datetime.combine(day, start) + INDIVIDUAL_LENGTH).time()
            sessions.append(
                PlannedSession(
                    "individual",
                    number,
                    day,
                    start,
                    end,
                    establishment=establishment,
                    agenda=data.individual_agenda,
                )
            )
    return sessions
