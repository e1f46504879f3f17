"""French wording of pydantic's validation errors, shared by the call definitions and the dossier format.

Pure Python; each reader may add its own words for a few types (a dossier's negative amount is « montant négatif »).
"""

from typing import Any

MESSAGES = {
    "extra_forbidden": "champ inconnu",
    "missing": "champ obligatoire manquant",
    "date_from_datetime_parsing": "date invalide (attendu AAAA-MM-JJ)",
    "date_parsing": "date invalide (attendu AAAA-MM-JJ)",
    "date_type": "date invalide (attendu AAAA-MM-JJ)",
    "date_from_datetime_inexact": "date invalide (attendu AAAA-MM-JJ, sans heure)",
    "datetime_from_date_parsing": "date et heure invalides (ISO 8601 attendu)",
    "datetime_parsing": "date et heure invalides (ISO 8601 attendu)",
    "datetime_type": "date et heure invalides (ISO 8601 attendu)",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "decimal_parsing": "nombre attendu",
    "decimal_type": "nombre attendu",
    "finite_number": "nombre fini attendu",
    "bool_parsing": "booléen attendu (true ou false)",
    "bool_type": "booléen attendu (true ou false)",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "model_type": "objet attendu",
    "model_attributes_type": "objet attendu",
    "dict_type": "objet attendu",
    "too_short": "liste trop courte",
    "string_too_short": "texte vide",
}

# pydantic's own steps in a location (validators, union members), never a field of ours.
_HIDDEN_PREFIXES = ("function-", "literal[", "union[", "constrained-", "'")
_HIDDEN_NAMES = {"decimal", "str"}


def location(loc: tuple, one_based_after: tuple[str, ...] = ()) -> str:
    """`("actions", 0, "cost")` → « actions[0].cost », or « actions[1].cost » when `actions` is counted from 1
    for its readers; pydantic's internal steps (function-after, union[…]) are left out."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]" if path.endswith(one_based_after) and one_based_after else f"[{part}]"
        elif not str(part).startswith(_HIDDEN_PREFIXES) and str(part) not in _HIDDEN_NAMES:
            path += f".{part}" if path else str(part)
    return path or "(racine)"


def french_message(error: dict[str, Any], own: dict[str, str] | None = None) -> str:
    """One pydantic error in French; `own` gives a reader's words for some types. Unknown types keep pydantic's."""
    kind = error["type"]
    words = {**MESSAGES, **(own or {})}
    if kind in words:
        return words[kind]
    context = error.get("ctx", {})
    if kind == "literal_error":
        return f"valeur non permise ({context.get('expected', '')})"
    if kind == "enum":
        return f"valeur « {error.get('input')} » non permise (attendu : {context.get('expected', '')})"
    if kind == "string_pattern_mismatch":
        return f"format invalide « {error.get('input')} »"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return f"valeur hors limites ({error['msg']})"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return error["msg"]
