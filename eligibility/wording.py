"""How the rule engine writes figures and dates in its French messages, and the month arithmetic of its rules.

The writing itself is `qvct.formats`, the project's one French formatter (pure, like this package).
"""

import datetime as dt
from decimal import Decimal

from qvct import formats

CENT = Decimal("0.01")
MONTHS = formats.MONTHS


def euros(amount: Decimal) -> str:
    """12000 → « 12 000,00 € »."""
    return formats.euros(amount, cents=True)


percent = formats.percent
french_date = formats.date


def add_months(value: dt.date, months: int) -> dt.date:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(value)
