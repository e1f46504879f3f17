"""How the rule engine writes figures and dates in its French messages.

The writing itself is `qvct.formats`, the project's one French formatter (pure, like this package).
"""

from decimal import Decimal

from qvct import formats

CENT = Decimal("0.01")
MONTHS = formats.MONTHS


def euros(amount: Decimal) -> str:
    """12000 → « 12 000,00 € »."""
    return formats.euros(amount, cents=True)


percent = formats.percent
french_date = formats.date
