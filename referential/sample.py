"""Made-up FINESS extracts in the exact etalab cs1100507 format, for the demo, the tests and the benchmarks.

The establishments are invented but plausible: real departments, towns and category codes, FINESS numbers
with a valid Luhn key, SIRETs with a valid key (public bodies' SIREN start with 2).
"""

import csv
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

from stdnum import luhn

SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "finess-sample.csv"

VOCABULARY_PATH = SAMPLE_PATH.with_name("finess-sample-vocabulary.json")


@dataclass(frozen=True)
class Kind:
    categetab: str
    libcategetab: str
    categagretab: str
    libcategagretab: str
    name: str  # pattern with {town} or {home}
    legal: str  # public / non_profit / for_profit
    codemft: str
    libmft: str
    codesph: str
    libsph: str
    weight: int


def _vocabulary() -> tuple[dict, dict, list, list, list]:
    """Towns (postcode, name, INSEE commune), department labels, streets, home names and kinds of establishment."""
    data = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    return (
        {department: [tuple(town) for town in towns] for department, towns in data["towns"].items()},
        data["department_labels"],
        [tuple(street) for street in data["streets"]],
        data["homes"],
        [Kind(**kind) for kind in data["kinds"]],
    )


TOWNS, DEPARTMENT_LABELS, STREETS, HOMES, KINDS = _vocabulary()


def _finess(rng: random.Random, department: str, used: set[str]) -> str:
    while True:
        body = department[:2] + f"{rng.randrange(0, 10**6):06d}"
        number = body + luhn.calc_check_digit(body)
        if number not in used:
            used.add(number)
            return number


def _siret(rng: random.Random, legal: str) -> str:
    first = {"public": "26", "non_profit": "77", "for_profit": "48"}[legal]
    siren_body = first + f"{rng.randrange(0, 10**6):06d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    body = siren + f"{rng.randrange(1, 10**4):04d}"
    return body + luhn.calc_check_digit(body)


@dataclass(frozen=True)
class FixedEstablishment:
    """An establishment the demo and the tests rely on by number."""

    finess: str
    finess_ej: str
    siret: str
    name: str
    long_name: str
    department: str
    town: tuple[str, str, str]
    kind: int  # index in KINDS


def _complete(body: str) -> str:
    return body + luhn.calc_check_digit(body)


def _siret_of(siren_body: str, nic_body: str = "0001") -> str:
    """A valid SIRET from 8 digits of SIREN and 4 of NIC: both the SIREN and the SIRET carry a Luhn key."""
    return _complete(_complete(siren_body) + nic_body)


FIXED = [
    # The demo's Bas-Rhin hospital (porteur@example.org).
    FixedEstablishment(
        "670000272",
        _complete("67078001"),
        _siret_of("26670005", "0001"),
        "CENTRE HOSPITALIER DE SELESTAT",
        "CENTRE HOSPITALIER DE SELESTAT",
        "67",
        ("67600", "SELESTAT", "462"),
        0,
    ),
    # The demo's Calvados EHPAD (porteur-normandie@example.org).
    FixedEstablishment(
        _complete("14000123"),
        _complete("14000124"),
        _siret_of("77812345", "0001"),
        "EHPAD LES TILLEULS",
        'EHPAD "LES TILLEULS" DE BAYEUX',
        "14",
        ("14400", "BAYEUX", "047"),
        4,
    ),
    # Real legal entities named in the reference data: HUS Strasbourg and CHU Reims.
    FixedEstablishment(
        _complete("67078350"),
        "670780055",
        _siret_of("26678005", "0001"),
        "HOPITAL DE HAUTEPIERRE",
        "HOPITAL DE HAUTEPIERRE - HOPITAUX UNIV. DE STRASBOURG",
        "67",
        ("67200", "STRASBOURG", "482"),
        0,
    ),
    FixedEstablishment(
        _complete("51000003"),
        "510000029",
        _siret_of("26510002", "0001"),
        "HOPITAL ROBERT DEBRE CHU REIMS",
        "HOPITAL ROBERT DEBRE - CHU DE REIMS",
        "51",
        ("51100", "REIMS", "454"),
        0,
    ),
    # A Moselle hospital and a Manche EHPAD, for partners and later demo dossiers.
    FixedEstablishment(
        _complete("57000456"),
        _complete("57000457"),
        _siret_of("26570004", "0001"),
        "CENTRE HOSPITALIER DE SARREGUEMINES",
        "CENTRE HOSPITALIER DE SARREGUEMINES",
        "57",
        ("57200", "SARREGUEMINES", "631"),
        0,
    ),
    FixedEstablishment(
        _complete("50000789"),
        _complete("50000790"),
        _siret_of("77500078", "0001"),
        "EHPAD LA ROSERAIE",
        "EHPAD LA ROSERAIE",
        "50",
        ("50200", "COUTANCES", "147"),
        4,
    ),
]


def _row(
    rng: random.Random,
    finess: str,
    finess_ej: str,
    siret: str,
    name: str,
    long_name: str,
    department: str,
    town: tuple[str, str, str],
    kind: Kind,
) -> list[str]:
    postal_code, city, commune = town
    typvoie, voie = rng.choice(STREETS)
    opened = f"{rng.randrange(1960, 2015)}-{rng.randrange(1, 13):02d}-01"
    updated = f"{rng.randrange(2019, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    return [
        "structureet",
        finess,
        finess_ej,
        name[:38],
        long_name[:60],
        "",
        "",
        str(rng.randrange(1, 120)),
        typvoie,
        voie,
        "",
        "",
        commune,
        department,
        DEPARTMENT_LABELS[department],
        f"{postal_code} {city}",
        f"0{rng.randrange(3, 4)}{rng.randrange(10**7, 10**8)}",
        "",
        kind.categetab,
        kind.libcategetab,
        kind.categagretab,
        kind.libcategagretab,
        siret,
        "8610Z" if kind.categagretab.startswith("1") else "8710A",
        kind.codemft,
        kind.libmft,
        kind.codesph,
        kind.libsph,
        opened,
        opened,
        updated,
        "",
    ]


def generate_extract(per_department: int = 20, seed: int = 2024, departments: list[str] | None = None) -> str:
    """The text of an extract: header, `structureet` lines, then `geolocalisation` lines."""
    rng = random.Random(seed)
    departments = departments or list(TOWNS)
    used = {fixed.finess for fixed in FIXED}
    rows: list[list[str]] = []
    for fixed in FIXED:
        if fixed.department in departments:
            rows.append(
                _row(
                    rng,
                    fixed.finess,
                    fixed.finess_ej,
                    fixed.siret,
                    fixed.name,
                    fixed.long_name,
                    fixed.department,
                    fixed.town,
                    KINDS[fixed.kind],
                )
            )
    weights = [kind.weight for kind in KINDS]
    for department in departments:
        for _ in range(per_department):
            kind = rng.choices(KINDS, weights)[0]
            town = rng.choice(TOWNS[department])
            home = rng.choice(HOMES)
            name = kind.name.format(town=town[1], home=home)
            finess = _finess(rng, department, used)
            finess_ej = (
                finess if kind.legal != "public" or rng.random() < 0.5 else _finess(rng, department, used)
            )
            long_name = f'{name} "{home.title()}"' if "{home}" in kind.name and rng.random() < 0.2 else name
            rows.append(
                _row(rng, finess, finess_ej, _siret(rng, kind.legal), name, long_name, department, town, kind)
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["finess", "etalab", "107", "2026-05-12"])
    writer.writerows(rows)
    for row in rows:
        x = (
            350000 + rng.random() * 700000
            if row[13] in {"14", "27", "50", "61", "76"}
            else 800000 + rng.random() * 250000
        )
        y = 6700000 + rng.random() * 300000
        writer.writerow(
            [
                "geolocalisation",
                row[1],
                f"{x:.1f}",
                f"{y:.1f}",
                "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93",
                row[30],
            ]
        )
    return buffer.getvalue()


if __name__ == "__main__":
    SAMPLE_PATH.write_text(generate_extract(), encoding="utf-8")
    print(f"{SAMPLE_PATH} écrit.")
