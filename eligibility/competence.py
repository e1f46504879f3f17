"""Which authority an establishment answers to, from its FINESS category: the ARS alone (« exclusive »), the ARS
with the département (« conjointe »), or not the ARS at all (« aucune »: the département or the State alone).

The table (`data/ars-competence.csv`) follows article L313-3 of the code de l'action sociale et des familles for
the social and medico-social categories, and the code de la santé publique for health establishments; a category
it does not list is not decided here (no finding), and the instructor judges. Pure: no Django.
"""

import csv
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "ars-competence.csv"

COMPETENCE_LABELS = {
    "exclusive": "compétence exclusive de l'ARS",
    "conjointe": "compétence conjointe de l'ARS et du département",
    "aucune": "hors compétence de l'ARS",
}


@cache
def _table() -> dict[str, tuple[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {
            row["categorie"]: (row["competence"], row["libelle"])
            for row in csv.DictReader(handle, delimiter=";")
        }


def ars_competence(category: str | None) -> tuple[str, str] | None:
    """(competence, category label) of a FINESS category code, or None when the table does not list it."""
    return _table().get((category or "").strip())
