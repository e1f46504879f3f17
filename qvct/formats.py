"""French formatting of euros, percentages, numbers and dates, for pages, PDFs, e-mails and messages alike.

Pure Python (no Django): the pure rule modules (eligibility, allocation) use it as the templates do. Figures are
grouped and units attached with a no-break space (U+00A0), which every terminal, font and e-mail client shows.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"
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


def to_decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def whole(value) -> bool:
    """Whether a figure has no cents (« 4200.00 » has none); anything that is not a figure counts as whole."""
    figure = to_decimal(value)
    return figure is None or figure == figure.to_integral_value()


def number(value, decimals: int | None = None) -> str:
    """4200 → « 4 200 »; 8.9 → « 8,9 »; with `decimals`, exactly that many figures after the comma."""
    figure = to_decimal(value)
    if figure is None:
        return "" if value is None else str(value)
    if decimals is None:
        figure = figure.normalize()
        decimals = max(-figure.as_tuple().exponent, 0)
    text = f"{figure:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def euros(value, cents: bool | None = None) -> str:
    """4200 → « 4 200 € »; 4200.5 → « 4 200,50 € »; with cents=True, « 4 200,00 € »; nothing → « — »."""
    figure = to_decimal(value)
    if figure is None:
        return "—"
    if cents is None:
        cents = not whole(figure)
    return f"{number(figure, 2 if cents else 0)}{NBSP}€"


def percent(value) -> str:
    """50 → « 50 % »; 8.9 → « 8,9 % »; nothing → « — »."""
    figure = to_decimal(value)
    if figure is None:
        return "—"
    return f"{number(figure)}{NBSP}%"


def day(value: dt.date) -> str:
    """The day of the month, French way: « 1er », « 2 »."""
    return "1er" if value.day == 1 else str(value.day)


def date(value: dt.date, year: bool = True) -> str:
    """« 1er avril 2026 » (« 1er avril » without the year): the one way the project writes a date in words."""
    text = f"{day(value)} {MONTHS[value.month - 1]}"
    return f"{text} {value.year}" if year else text
