"""Reading a `qvct.allocation/1` problem (shared/spec/allocation-format.md): every fault named in French, with its
path. Pure, no ORM, no HTTP, like the allocation itself (`allocation.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from qvct import formats

FORMAT = "qvct.allocation/1"


class Method(StrEnum):
    """How an envelope is shared: down the committee's ranking, or the proven best total of scores × euros."""

    RANK = "rank"
    OPTIMAL = "optimal"


METHODS = tuple(method.value for method in Method)
METHOD_LABELS = {Method.RANK: "Au classement", Method.OPTIMAL: "Optimale"}
METHOD_DESCRIPTIONS = {
    Method.OPTIMAL: "Optimale : la plus grande somme des notes pondérées par les montants",
    Method.RANK: "Au classement",
}
# Technical bounds, not rules: the widest envelope the guichet stores (14 digits, 2 decimals) and a score far
# above any grid's. Beyond them a number (1e400) is a mistake, refused before it overflows the arithmetic.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_SCORE = Decimal(1_000_000)


class AllocationFormatError(ValueError):
    """The problem is not a valid `qvct.allocation/1` document; the message says where, in French."""


@dataclass(frozen=True)
class Item:
    id: str
    dossier: str
    department: str
    amount: int  # cents, > 0
    score: Decimal


@dataclass(frozen=True)
class Problem:
    envelope: int  # cents
    items: tuple[Item, ...]
    method: str = "optimal"
    partial: bool = False
    department_floors: dict[str, int] = field(default_factory=dict)  # cents


def french_cents(cents: int) -> str:
    return french_euros(Decimal(cents) / 100)


def french_euros(amount: Decimal) -> str:
    """« 4 200,00 € », as everywhere in the project (`qvct.formats`)."""
    return formats.euros(amount, cents=True)


def _cents(value: Any, where: str, *, positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise AllocationFormatError(f"{where} : un montant en euros est attendu, pas {value!r}.")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise AllocationFormatError(f"{where} : « {value} » n'est pas un montant.") from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        raise AllocationFormatError(
            f"{where} : le montant doit être {'strictement ' if positive else ''}positif."
        )
    if amount > MAX_AMOUNT:
        raise AllocationFormatError(f"{where} : le montant dépasse {french_cents(int(MAX_AMOUNT * 100))}.")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_problem(data: Any) -> Problem:
    """Reads a problem document; raises AllocationFormatError with the path at fault."""
    if not isinstance(data, dict):
        raise AllocationFormatError("le problème doit être un objet JSON.")
    if data.get("format") != FORMAT:
        raise AllocationFormatError(f"format : « {FORMAT} » attendu, trouvé {data.get('format')!r}.")
    unknown = set(data) - {"format", "envelope", "method", "partial", "department_floors", "items"}
    if unknown:
        raise AllocationFormatError(f"champ(s) inconnu(s) : {', '.join(sorted(unknown))}.")
    if "envelope" not in data:
        raise AllocationFormatError("envelope : champ obligatoire.")
    envelope = _cents(data["envelope"], "envelope")
    method = data.get("method", "optimal")
    if method not in METHODS:
        raise AllocationFormatError(f"method : « rank » ou « optimal » attendu, trouvé {method!r}.")
    partial = data.get("partial", False)
    if not isinstance(partial, bool):
        raise AllocationFormatError("partial : true ou false attendu.")
    floors_data = data.get("department_floors") or {}
    if not isinstance(floors_data, dict):
        raise AllocationFormatError("department_floors : un objet {département: montant} est attendu.")
    floors = {str(code): _cents(value, f"department_floors.{code}") for code, value in floors_data.items()}
    items_data = data.get("items")
    if not isinstance(items_data, list):
        raise AllocationFormatError("items : une liste est attendue.")
    items, seen = [], set()
    for index, raw in enumerate(items_data):
        where = f"items[{index}]"
        if not isinstance(raw, dict):
            raise AllocationFormatError(f"{where} : un objet est attendu.")
        for key in ("id", "dossier", "department", "amount", "score"):
            if key not in raw:
                raise AllocationFormatError(f"{where}.{key} : champ obligatoire.")
        for key in ("id", "dossier", "department"):
            if not isinstance(raw[key], str) or not raw[key]:
                raise AllocationFormatError(f"{where}.{key} : une chaîne non vide est attendue.")
        if raw["id"] in seen:
            raise AllocationFormatError(f"{where}.id : « {raw['id']} » figure deux fois.")
        seen.add(raw["id"])
        score_raw = raw["score"]
        if isinstance(score_raw, bool) or not isinstance(score_raw, (int, float, str)):
            raise AllocationFormatError(f"{where}.score : un nombre est attendu.")
        try:
            score = Decimal(str(score_raw))
        except InvalidOperation:
            raise AllocationFormatError(f"{where}.score : « {score_raw} » n'est pas un nombre.") from None
        if not score.is_finite() or score < 0:
            raise AllocationFormatError(f"{where}.score : un nombre positif ou nul est attendu.")
        if score > MAX_SCORE:
            raise AllocationFormatError(f"{where}.score : {formats.number(MAX_SCORE)} au plus.")
        items.append(
            Item(
                id=raw["id"],
                dossier=raw["dossier"],
                department=raw["department"],
                amount=_cents(raw["amount"], f"{where}.amount", positive=True),
                score=score,
            )
        )
    return Problem(
        envelope=envelope, items=tuple(items), method=method, partial=partial, department_floors=floors
    )
