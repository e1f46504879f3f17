"""Template filters for French amounts, rates, numbers and dates: `4 200,00 €`, `8,9 %`, `1er avril 2025`.

Every figure goes through `qvct.formats`, the one French formatter that the pure rule modules use too.
"""

import datetime as dt
from decimal import Decimal

from django import template
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from qvct import formats

register = template.Library()

NBSP = formats.NBSP


def format_number(value) -> str:
    """12000 → « 12 000 »; 4200.5 → « 4 200,50 » (cents only when there are some), for the Python callers."""
    return formats.number(value, 0 if formats.whole(value) else 2)


@register.filter
def euros(value) -> str:
    """4000000 → « 4 000 000 € » (cents shown only when there are some)."""
    return formats.euros(value)


@register.filter
def euros_cents(value) -> str:
    """4200 → « 4 200,00 € »."""
    return formats.euros(value, cents=True)


@register.filter
def percent(value) -> str:
    """50 → « 50 % »; 8.5 → « 8,5 % »."""
    return formats.percent(value)


@register.filter
def number(value, decimals=None) -> str:
    """4200 → « 4 200 »; 62.5 → « 62,5 »."""
    return formats.number(value, None if decimals in (None, "") else int(decimals))


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
    return formats.date(value)


@register.filter(expects_localtime=True)
def date_fr(value, arg: str = "j F Y") -> str:
    """Django's `date` filter, with « 1er » for the first day of a month (« 1er avril 2025 »)."""
    if value in (None, ""):
        return ""
    if getattr(value, "day", None) == 1:
        arg = arg.replace("j", r"\1\e\r")
    return django_date(value, arg)


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
