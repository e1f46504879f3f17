"""Month arithmetic on dates, the one way the project counts « 24 mois après l'octroi ». Pure Python."""

import calendar
import datetime as dt


def add_months(value: dt.date, months: int) -> dt.date:
    """31 January + 1 month → 28 (or 29) February: the day is kept, or the month's last day when it has none."""
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(value.day, calendar.monthrange(year, month)[1]))
