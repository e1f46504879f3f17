"""The window of dates a user may type: a year 0001 or 9999 is a slip, refused with a French message.

The window runs from `QVCT_DATES_YEARS_BACK` years before today to `QVCT_DATES_YEARS_AHEAD` years after it
(settings); each use may narrow it (a signature is never in the future, complements are due within
`QVCT_COMPLEMENTS_DUE_MAX_DAYS` days).
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone

from qvct.formats import date as french_date


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The earliest and latest dates a user may type, both included."""
    today = today or timezone.localdate()
    return (
        _shift_years(today, -settings.QVCT_DATES_YEARS_BACK),
        _shift_years(today, settings.QVCT_DATES_YEARS_AHEAD),
    )


def date_problem(
    value: dt.date,
    *,
    earliest: dt.date | None = None,
    latest: dt.date | None = None,
    today: dt.date | None = None,
) -> str | None:
    """Why `value` is refused, in French, or None when it lies in the window (narrowed by earliest / latest)."""
    low, high = date_window(today)
    low, high = max(low, earliest or low), min(high, latest or high)
    if low <= value <= high:
        return None
    return f"Indiquez une date comprise entre le {french_date(low)} et le {french_date(high)}."


class WindowedDateField(forms.DateField):
    """A date typed in a form (date picker, ISO value), within the window of `date_problem`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        problem = date_problem(value) if value else None
        if problem:
            raise forms.ValidationError(problem, code="out_of_window")
