"""How the rule engine writes figures and dates in its French messages."""

import datetime as dt
from decimal import Decimal

CENT = Decimal("0.01")


def euros(amount: Decimal) -> str:
    """12000 → « 12 000,00 € » (narrow spaces are avoided: plain terminals show them badly)."""
    text = f"{amount.quantize(CENT):,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} €"


def percent(rate: Decimal) -> str:
    return f"{format(rate.normalize(), 'f').replace('.', ',')} %"


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(value: dt.date) -> str:
    """« 1er avril 2026 », « 12 mai 2026 »: the one way the project writes a date in words."""
    return f"{'1er' if value.day == 1 else value.day} {MONTHS[value.month - 1]} {value.year}"
