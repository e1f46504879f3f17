"""The reporting schedule of a signed convention, pure: an interim and a final report, from the call's dates.

The call gives the consumption deadline (calendar.consumption_deadline); the final report covers the whole
period and is due on it. The interim report covers the period up to twelve months before it (the midpoint when
the period is shorter than two years). The ARS may change both dates per dossier afterwards.
"""

import datetime as dt
from dataclasses import dataclass

from qvct.months import add_months

INTERIM_MONTHS_BEFORE_DEADLINE = 12


@dataclass(frozen=True)
class Due:
    kind: str  # "interim" | "final"
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date


def default_schedule(*, granted_on: dt.date, deadline: dt.date) -> tuple[Due, ...]:
    if deadline <= granted_on:
        return (Due("final", granted_on, granted_on, granted_on),)
    interim = add_months(deadline, -INTERIM_MONTHS_BEFORE_DEADLINE)
    if interim <= granted_on:
        interim = granted_on + (deadline - granted_on) / 2
    return (
        Due("interim", granted_on, interim, interim),
        Due("final", granted_on, deadline, deadline),
    )


def reminder_due(*, due_on: dt.date, today: dt.date, days_before: int) -> str | None:
    """Which reminder a report still expected needs today: "before" within `days_before` days, "late" after."""
    if today > due_on:
        return "late"
    if (due_on - today).days <= days_before:
        return "before"
    return None
