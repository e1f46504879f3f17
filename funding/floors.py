"""Department floors of a scenario as the manager types them (« 08=150000 ; 55=120 000,50 »), read strictly."""

from collections.abc import Iterable
from decimal import Decimal

from dossiers.services import DossierError
from qvct.fields import FrenchNumberError, parse_french_decimal

from .allocation_input import MAX_AMOUNT, french_euros


def parse_amount(text: str) -> Decimal | None:
    """« 120 000,50 » → Decimal("120000.50"); None for anything else (1e400, -5, 1,2,3, beaucoup)."""
    try:
        amount = parse_french_decimal(text, units=("€",))
    except FrenchNumberError:
        return None
    if amount < 0 or amount.as_tuple().exponent < -2:
        return None
    return amount


def floors_check(floors: dict[str, Decimal], *, departments: Iterable[str], envelope: Decimal) -> None:
    """Each floor names a department of the call; together they stay within the envelope."""
    known = sorted(departments)
    for code in floors:
        if code not in known:
            raise DossierError(
                f"Plancher du département « {code} » : ce département ne fait pas partie de l'appel "
                f"(départements : {', '.join(known)})."
            )
    total = sum(floors.values(), Decimal(0))
    if total > envelope:
        raise DossierError(
            f"Les planchers ({french_euros(total)} au total) dépassent l'enveloppe ({french_euros(envelope)})."
        )


def parse_floors(text: str, *, departments: Iterable[str], envelope: Decimal) -> dict[str, str]:
    """The floors typed by the manager → {"08": "150000.00", …}; raises DossierError in French."""
    departments = list(departments)
    floors: dict[str, Decimal] = {}
    for part in text.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        code, sep, amount_text = part.partition("=")
        code = code.strip()
        if not sep or not code:
            raise DossierError(f"Plancher « {part} » : écrivez département=montant, par exemple 08=150000.")
        amount = parse_amount(amount_text)
        if amount is None or amount > MAX_AMOUNT:
            raise DossierError(
                f"Plancher « {part} » : le montant doit être un nombre positif d'euros, "
                "par exemple 150000 ou 150 000,50 (une seule virgule pour les centimes)."
            )
        if code in floors:
            raise DossierError(f"Plancher « {part} » : le département {code} a déjà un plancher.")
        floors[code] = amount
    floors_check(floors, departments=departments, envelope=envelope)
    return {code: str(amount.quantize(Decimal("0.01"))) for code, amount in floors.items()}
