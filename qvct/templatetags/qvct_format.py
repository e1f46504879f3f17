"""French formatting of amounts, rates and dates for templates: `4 000 000 €`, `50 %`, `1er avril 2025`."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()

NBSP = "\u00a0"


def format_number(value, decimals: int = 0) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    whole = decimals == 0 and number == number.to_integral_value()
    text = f"{number:,.0f}" if whole else f"{number:,.2f}"
    return text.replace(",", NBSP).replace(".", ",")


@register.filter
def euros(value) -> str:
    """4000000 → « 4 000 000 € » (cents shown only when there are some)."""
    if value is None or value == "":
        return "—"
    return f"{format_number(value)}{NBSP}€"


@register.filter
def percent(value) -> str:
    """50 → « 50 % »; 8.5 → « 8,5 % »."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).normalize()
    text = format(number, "f").replace(".", ",")
    return f"{text}{NBSP}%"


@register.filter
def days(value) -> str:
    """5.5 → « 5,5 »."""
    return format(Decimal(str(value)).normalize(), "f").replace(".", ",")


@register.filter
def long_date(value) -> str:
    """A date (or a moment, in local time) the French way: « 1er avril 2025 », « 14 mai 2025 »."""
    if not value:
        return "—"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {date_format(value, 'F Y')}"


@register.filter
def octets(value) -> str:
    """A file size in decimal units, as the upload limit is stated: 20 500 000 → « 20,5 Mo », 45 300 → « 45 ko »."""
    size = int(value or 0)
    if size < 1000:
        return f"{size}{NBSP}octet{'s' if size > 1 else ''}"
    if size < 1_000_000:
        return f"{round(size / 1000)}{NBSP}ko"
    text = f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text}{NBSP}Mo"
