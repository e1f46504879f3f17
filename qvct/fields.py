"""The French decimal form field that every rate, figure and amount of Guichet QVCT is typed in."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from qvct import formats

# Spaces people type or paste between thousands: space, no-break space, narrow no-break space, thin space.
GROUP_SPACES = " \u00a0\u202f\u2009"
_MAX_LENGTH = 40
_GROUPED = re.compile(rf"[0-9]{{1,3}}(?:[{GROUP_SPACES}][0-9]{{3}})+")
_PLAIN = re.compile(r"[0-9]+")


class FrenchNumberError(ValueError):
    """Why a text is not a number, in one French sentence."""


def parse_french_decimal(text: str, units: tuple[str, ...] = ("€", "%")) -> Decimal:
    """« 1 234,56 € », « 8,9 », « 8.9 » → Decimal; anything ambiguous is refused, never guessed.

    One comma or one point marks the decimals; spaces may only group the thousands by three. A trailing unit
    among `units` is allowed. Exponents, NaN, infinities and a second separator are refused with a message.
    """
    value = text.strip()
    if len(value) > _MAX_LENGTH:
        raise FrenchNumberError("Ce nombre est trop long.")
    for unit in units:
        if value.endswith(unit):
            value = value[: -len(unit)].rstrip(GROUP_SPACES)
            break
    sign = ""
    if value[:1] in {"-", "−", "+"}:
        sign, value = ("-" if value[0] != "+" else ""), value[1:].lstrip(GROUP_SPACES)
    separators = [char for char in value if char in ",."]
    if len(separators) > 1:
        raise FrenchNumberError(
            "Saisissez un nombre avec une seule virgule pour les décimales, par exemple 1 234,56 "
            "(séparez les milliers par une espace)."
        )
    whole, _, decimals = value.replace(",", ".").partition(".")
    if not whole and not decimals:
        raise FrenchNumberError("Saisissez un nombre, par exemple 8,9 ou 1 234,56.")
    if whole and not (_PLAIN.fullmatch(whole) or _GROUPED.fullmatch(whole)):
        if any(char in GROUP_SPACES for char in whole) and re.fullmatch(rf"[0-9{GROUP_SPACES}]+", whole):
            raise FrenchNumberError(
                "Les espaces ne peuvent séparer que les milliers, par groupes de trois chiffres "
                "(par exemple 1 234 567,89)."
            )
        raise FrenchNumberError("Saisissez un nombre, par exemple 8,9 ou 1 234,56.")
    if decimals and not _PLAIN.fullmatch(decimals):
        raise FrenchNumberError("Saisissez un nombre, par exemple 8,9 ou 1 234,56.")
    digits = "".join(char for char in whole if char.isdigit()) or "0"
    try:
        return Decimal(f"{sign}{digits}.{decimals}" if decimals else f"{sign}{digits}")
    except InvalidOperation:  # pragma: no cover — the patterns above only let digits through
        raise FrenchNumberError("Saisissez un nombre, par exemple 8,9 ou 1 234,56.") from None


def format_french_decimal(value: Decimal, cents: bool = False) -> str:
    """Decimal("1234.50") → « 1 234,5 » (or « 1 234,50 » with cents); a whole amount keeps no decimals."""
    if formats.whole(value):
        return formats.number(value, 0)
    return formats.number(value, 2 if cents else None)


class FrenchDecimalInput(forms.TextInput):
    """A text input (never type=number, whose browsers read « 8,9 » as 89) that shows the French writing."""

    def __init__(self, attrs=None, cents: bool = False):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.cents = cents

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            try:
                return format_french_decimal(Decimal(str(value)), cents=self.cents)
            except InvalidOperation:
                return str(value)
        return super().format_value(value)


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way (« 8,9 », « 1 234,56 € ») or the dotted way (« 8.9 »).

    `unit` is « € » for amounts or « % » for rates: that sign may follow the number. The hint says what is
    expected unless the form gives its own.
    """

    def __init__(self, *, unit: str = "", **kwargs):
        self.unit = unit
        money = unit == "€"
        kwargs.setdefault("widget", FrenchDecimalInput(cents=money))
        if "help_text" not in kwargs:
            kwargs["help_text"] = "Par exemple 1 234,56" if money else "Par exemple 8,9"
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return parse_french_decimal(value, units=(self.unit,) if self.unit else ())
            except FrenchNumberError as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(value)


def money_field(**kwargs) -> FrenchDecimalField:
    """An amount in euros, cents at most, never negative."""
    options = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0), "unit": "€"}
    return FrenchDecimalField(**{**options, **kwargs})
