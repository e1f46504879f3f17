"""Validation of the identifiers an establishment is known by: FINESS (ET and EJ) and SIRET."""

import re

from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

FINESS_PATTERN = re.compile(r"^[0-9][0-9A-Z][0-9]{7}$")


def _luhn_valid(digits: str) -> bool:
    """The Luhn check of ASCII digits, as `stdnum.luhn.is_valid` computes it, five times faster (the rule engine
    checks two or three numbers per dossier, thousands of dossiers at a time)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _siret_valid(number: str) -> bool:
    """`stdnum.fr.siret.is_valid` of 14 ASCII digits: La Poste's establishments sum to a multiple of 5 instead."""
    if number.startswith("356000000") and number != "35600000000048":
        key_ok = sum(ord(char) - 48 for char in number) % 5 == 0
    else:
        key_ok = _luhn_valid(number)
    return key_ok and _luhn_valid(number[:9])


def normalize_identifier(value: str | None) -> str:
    """Removes the spaces, dots and dashes people type inside numbers."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def finess_error(value: str | None) -> str | None:
    """Returns why a FINESS number is not valid, in French, or None when it is.

    The ninth character is a Luhn key over the nine digits; a number holding a letter (Corsica, 2A / 2B)
    cannot be checked that way, so only its shape is.
    """
    number = normalize_identifier(value)
    if not number:
        return "Le numéro FINESS est vide."
    if len(number) != 9:
        return f"Le numéro FINESS « {number} » doit compter 9 caractères (il en compte {len(number)})."
    if not FINESS_PATTERN.match(number):
        return (
            f"Le numéro FINESS « {number} » n'a pas la forme attendue : 9 chiffres, "
            "ou 2A / 2B pour la Corse suivis de 7 chiffres."
        )
    if number.isdigit() and not _luhn_valid(number):
        return f"La clé du numéro FINESS « {number} » est fausse (contrôle de Luhn)."
    return None


def is_valid_finess(value: str | None) -> bool:
    return finess_error(value) is None


def siret_error(value: str | None) -> str | None:
    """Returns why a SIRET number is not valid, in French, or None when it is (La Poste's included)."""
    number = normalize_identifier(value)
    if not number:
        return "Le numéro SIRET est vide."
    if not number.isdigit() or len(number) != 14:
        return f"Le numéro SIRET « {number} » doit compter 14 chiffres."
    if not (_siret_valid(number) if number.isascii() else stdnum_siret.is_valid(number)):
        return f"La clé du numéro SIRET « {number} » est fausse."
    return None


def is_valid_siret(value: str | None) -> bool:
    return siret_error(value) is None


def luhn_complete(digits: str) -> str:
    """Appends the Luhn key to a string of digits (used to make valid sample numbers)."""
    return digits + luhn.calc_check_digit(digits)
