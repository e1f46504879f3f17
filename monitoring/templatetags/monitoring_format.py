"""Amounts of the follow-up always with their cents (« 4 200,00 € »), as on an invoice or a spending statement."""

from django import template

from qvct.templatetags.qvct_format import NBSP, format_number

register = template.Library()


@register.filter
def montant(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{format_number(value, 2)}{NBSP}€"
