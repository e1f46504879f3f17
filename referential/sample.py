"""Made-up FINESS extracts in the exact etalab cs1100507 format, for the demo, the tests and the benchmarks.

The establishments are invented but plausible: real departments, towns and category codes, FINESS numbers
with a valid Luhn key, SIRETs with a valid key (public bodies' SIREN start with 2).
"""

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from stdnum import luhn

SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "finess-sample.csv"

TOWNS = {
    "08": [("08000", "CHARLEVILLE MEZIERES", "105"), ("08200", "SEDAN", "409"), ("08300", "RETHEL", "362")],
    "10": [
        ("10000", "TROYES", "387"),
        ("10100", "ROMILLY SUR SEINE", "323"),
        ("10200", "BAR SUR AUBE", "033"),
    ],
    "51": [("51100", "REIMS", "454"), ("51000", "CHALONS EN CHAMPAGNE", "108"), ("51200", "EPERNAY", "230")],
    "52": [("52000", "CHAUMONT", "121"), ("52100", "SAINT DIZIER", "448"), ("52200", "LANGRES", "269")],
    "54": [("54000", "NANCY", "395"), ("54400", "LONGWY", "323"), ("54300", "LUNEVILLE", "329")],
    "55": [("55000", "BAR LE DUC", "029"), ("55100", "VERDUN", "545"), ("55200", "COMMERCY", "122")],
    "57": [
        ("57000", "METZ", "463"),
        ("57100", "THIONVILLE", "672"),
        ("57200", "SARREGUEMINES", "631"),
        ("57400", "SARREBOURG", "630"),
        ("57600", "FORBACH", "227"),
    ],
    "67": [
        ("67000", "STRASBOURG", "482"),
        ("67600", "SELESTAT", "462"),
        ("67500", "HAGUENAU", "180"),
        ("67700", "SAVERNE", "437"),
        ("67200", "STRASBOURG", "482"),
    ],
    "68": [("68100", "MULHOUSE", "224"), ("68000", "COLMAR", "066"), ("68500", "GUEBWILLER", "112")],
    "88": [
        ("88000", "EPINAL", "160"),
        ("88100", "SAINT DIE DES VOSGES", "413"),
        ("88300", "NEUFCHATEAU", "321"),
    ],
    "14": [
        ("14000", "CAEN", "118"),
        ("14400", "BAYEUX", "047"),
        ("14100", "LISIEUX", "366"),
        ("14500", "VIRE", "762"),
    ],
    "27": [("27000", "EVREUX", "229"), ("27200", "VERNON", "681"), ("27300", "BERNAY", "056")],
    "50": [
        ("50000", "SAINT LO", "502"),
        ("50100", "CHERBOURG EN COTENTIN", "129"),
        ("50200", "COUTANCES", "147"),
    ],
    "61": [("61000", "ALENCON", "001"), ("61100", "FLERS", "169"), ("61300", "L AIGLE", "214")],
    "76": [
        ("76000", "ROUEN", "540"),
        ("76600", "LE HAVRE", "351"),
        ("76200", "DIEPPE", "217"),
        ("76400", "FECAMP", "259"),
    ],
}
DEPARTMENT_LABELS = {
    "08": "ARDENNES",
    "10": "AUBE",
    "51": "MARNE",
    "52": "HAUTE MARNE",
    "54": "MEURTHE ET MOSELLE",
    "55": "MEUSE",
    "57": "MOSELLE",
    "67": "BAS RHIN",
    "68": "HAUT RHIN",
    "88": "VOSGES",
    "14": "CALVADOS",
    "27": "EURE",
    "50": "MANCHE",
    "61": "ORNE",
    "76": "SEINE MARITIME",
}
STREETS = [
    ("R", "DE LA REPUBLIQUE"),
    ("AV", "DU GENERAL LECLERC"),
    ("R", "DES TILLEULS"),
    ("BD", "PASTEUR"),
    ("R", "DE L HOPITAL"),
    ("PL", "DE LA MAIRIE"),
    ("RTE", "DE PARIS"),
    ("R", "SAINT NICOLAS"),
    ("AV", "DE LA LIBERATION"),
    ("R", "DU DOCTEUR SCHWEITZER"),
    ("CHE", "DES VIGNES"),
    ("R", "VICTOR HUGO"),
]
HOMES = [
    "LES TILLEULS",
    "LES GLYCINES",
    "LE CLOS FLEURI",
    "SAINTE ANNE",
    "LES JARDINS DE LA VALLEE",
    "LA ROSERAIE",
    "LES CHARMILLES",
    "SAINT JOSEPH",
    "LE VAL DORE",
    "LES MARRONNIERS",
    "RESIDENCE DU PARC",
    "LES PEUPLIERS",
    "LA SOURCE",
    "LES LILAS",
    "NOTRE DAME",
    "LE HAMEAU",
    "LES ORCHIDEES",
    "BEAU SEJOUR",
]


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


KINDS = [
    Kind(
        "355",
        "Centre Hospitalier (C.H.)",
        "1102",
        "Centres Hospitaliers",
        "CENTRE HOSPITALIER DE {town}",
        "public",
        "03",
        "ARS établissements Publics de santé dotation globale",
        "1",
        "Etablissement public de santé",
        3,
    ),
    Kind(
        "106",
        "Centre hospitalier, ex Hôpital local",
        "1102",
        "Centres Hospitaliers",
        "HOPITAL LOCAL DE {town}",
        "public",
        "03",
        "ARS établissements Publics de santé dotation globale",
        "1",
        "Etablissement public de santé",
        1,
    ),
    Kind(
        "127",
        "Hospitalisation à Domicile",
        "1205",
        "Autres Etablissements Relevant de la Loi Hospitalière",
        "HAD DU PAYS DE {town}",
        "non_profit",
        "07",
        "ARS établissements de santé non financés dotation globale",
        "0",
        "Non concerné",
        1,
    ),
    Kind(
        "500",
        "Etablissement d'hébergement pour personnes âgées dépendantes",
        "4401",
        "Etablissements d'Hébergement pour Personnes Âgées",
        "EHPAD {home}",
        "public",
        "40",
        "ARS/PCD, Tarif global, habilité aide sociale, recours PUI",
        "0",
        "Non concerné",
        3,
    ),
    Kind(
        "500",
        "Etablissement d'hébergement pour personnes âgées dépendantes",
        "4401",
        "Etablissements d'Hébergement pour Personnes Âgées",
        "EHPAD {home}",
        "non_profit",
        "57",
        "DGS ARS & hébergement PCD - sous CPOM",
        "0",
        "Non concerné",
        3,
    ),
    Kind(
        "500",
        "Etablissement d'hébergement pour personnes âgées dépendantes",
        "4401",
        "Etablissements d'Hébergement pour Personnes Âgées",
        "RESIDENCE {home}",
        "for_profit",
        "01",
        "Etablissement Tarif Libre",
        "0",
        "Non concerné",
        2,
    ),
    Kind(
        "255",
        "Maison d'Accueil Spécialisée (M.A.S.)",
        "4106",
        "Services à Domicile ou Ambulatoires pour Handicapés",
        "MAS {home}",
        "non_profit",
        "57",
        "DGS ARS & hébergement PCD - sous CPOM",
        "0",
        "Non concerné",
        1,
    ),
    Kind(
        "354",
        "Service de Soins Infirmiers A Domicile (S.S.I.A.D)",
        "4106",
        "Services à Domicile ou Ambulatoires pour Handicapés",
        "SSIAD DE {town}",
        "non_profit",
        "57",
        "DGS ARS & hébergement PCD - sous CPOM",
        "0",
        "Non concerné",
        1,
    ),
    Kind(
        "340",
        "Service mandataire judiciaire à la protection des majeurs",
        "4608",
        "Protection des majeurs",
        "SERVICE MANDATAIRE {town}",
        "non_profit",
        "08",
        "Président du Conseil Départemental",
        "0",
        "Non concerné",
        1,
    ),
]


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
