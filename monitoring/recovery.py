"""What a closed follow-up owes: justified eligible spending, the ARS share due and the amount to recover.

Pure (no Django), in integer cents; the rate in hundredths of a percent (50 % → 5000).

- justified: the accepted lines (the only ones the ARS has checked as eligible and conforming);
- share: rate × justified, rounded down to the cent, capped by the grant;
- non-conforming: the ARS share of the rejected lines (« consommation des crédits non conforme »), recovered
  even when the conforming spending alone would reach the grant;
- to recover: grant − share + non-conforming share, at most the grant; due: grant − to recover.
Lines still waiting for a decision (submitted, document requested) count for nothing at the closing.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

BASIS = 10_000  # hundredths of a percent in a whole


class Line(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PENDING = "pending"


@dataclass(frozen=True)
class SpendingLine:
    amount: int  # cents
    state: Line


@dataclass(frozen=True)
class Recovery:
    granted: int
    justified: int
    non_conforming: int  # the rejected lines' amount
    due: int  # the ARS share due
    to_recover: int


def cents(amount: Decimal | int | str) -> int:
    """Euros (Decimal, as the models store them) to integer cents."""
    return int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_DOWN))


def euros(amount: int) -> Decimal:
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))


def rate_basis(percent: Decimal | int | str) -> int:
    """50 → 5000; 33.33 → 3333."""
    return int((Decimal(percent) * 100).quantize(Decimal(1), rounding=ROUND_DOWN))


def share(amount: int, rate: int) -> int:
    return amount * rate // BASIS


def recovery(*, granted: int, rate: int, lines: list[SpendingLine] | tuple[SpendingLine, ...]) -> Recovery:
    if granted < 0 or not 0 <= rate <= BASIS:
        raise ValueError("montant accordé négatif ou taux hors de 0 à 100 %")
    justified = sum(line.amount for line in lines if line.state == Line.ACCEPTED)
    rejected = sum(line.amount for line in lines if line.state == Line.REJECTED)
    capped = min(granted, share(justified, rate))
    to_recover = min(granted, granted - capped + share(rejected, rate))
    return Recovery(
        granted=granted,
        justified=justified,
        non_conforming=rejected,
        due=granted - to_recover,
        to_recover=to_recover,
    )
