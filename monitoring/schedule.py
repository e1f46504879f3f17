"""The reporting schedule of a signed convention, pure: an interim and a final report, from the call's rules.

The call gives the consumption deadline (calendar.consumption_deadline, or funding.realisation_max_months after
the grant); the final report covers the whole period and is due on it. The interim report covers the period up
to funding.interim_report_months_before_deadline months before it (the midpoint when the call gives none or the
period is too short). The ARS may change both dates per dossier afterwards.
"""

import datetime as dt
from dataclasses import dataclass

from qvct.months import add_months


@dataclass(frozen=True)
class Due:
    kind: str  # "interim" | "final"
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date


def consumption_end(
    *, granted_on: dt.date, deadline: dt.date | None, realisation_months: int | None
) -> dt.date:
    """The call's consumption deadline, or the end of its realisation period counted from the grant (the call
    definition gives one or the other)."""
    if deadline:
        return deadline
    if realisation_months is None:
        raise ValueError("l'appel ne donne ni date limite de consommation ni durée de réalisation")
    return add_months(granted_on, realisation_months)


def default_schedule(
    *, granted_on: dt.date, deadline: dt.date, interim_months_before: int | None = None
) -> tuple[Due, ...]:
    if deadline <= granted_on:
        return (Due("final", granted_on, granted_on, granted_on),)
    interim = add_months(deadline, -interim_months_before) if interim_months_before else granted_on
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
