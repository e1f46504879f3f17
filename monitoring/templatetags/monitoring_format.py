"""Amounts of the follow-up always with their cents (« 4 200,00 € »), as on an invoice or a spending statement."""

from django import template

from qvct import formats

register = template.Library()


@register.filter
def montant(value) -> str:
    return formats.euros(value, cents=True)
