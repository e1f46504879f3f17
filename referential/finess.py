"""Streaming reader of the public FINESS extract (etalab cs1100507): pure, no database.

The extract is `;`-separated with doubled quotes, a header line `finess;etalab;<flux>;<date>`, then
`structureet` lines (one per establishment) and `geolocalisation` lines (coordinates). Recent extracts are
UTF-8, older ones ISO-8859-1 / cp1252: each line is decoded as UTF-8 and falls back to cp1252, so one badly
encoded line never spoils the file.
"""

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from .identifiers import finess_error, normalize_identifier, siret_error

STRUCTURE_FIELDS = 32  # tag + 31 fields; extracts older than the UAI column have 31
GEO_FIELDS = 6

# FINESS writes overseas departments on two characters.
OVERSEAS_DEPARTMENTS = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976"}

# FINESS category aggregates (categagretab) grouped into the sectors the calls speak of.
SECTOR_BY_AGGREGATE_PREFIX = {
    "1": "sanitaire",  # établissements relevant de la loi hospitalière
    "2": "sanitaire",  # autres établissements de soins et de prévention
    "3": "sanitaire",  # autres établissements à caractère sanitaire
    "41": "medico_social",  # personnes handicapées
    "43": "medico_social",  # personnes en difficulté spécifique (addictologie…)
    "44": "medico_social",  # personnes âgées
    "42": "social",
    "45": "social",  # protection de l'enfance, justice des mineurs
    "46": "social",  # hébergement social, protection des majeurs, multi-clientèles
    "47": "social",
}


@dataclass(frozen=True)
class EstablishmentRecord:
    line: int
    finess: str
    finess_ej: str
    name: str
    long_name: str
    address: str
    postal_code: str
    city: str
    department: str
    phone: str
    category_code: str
    category_label: str
    category_group_code: str
    category_group_label: str
    siret: str
    pricing_code: str
    sph_code: str
    opened_on: dt.date | None
    finess_updated_on: dt.date | None
    sector: str
    legal_group: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeolocationRecord:
    line: int
    finess: str
    x: float | None
    y: float | None


@dataclass(frozen=True)
class RejectedLine:
    line: int
    reason: str


@dataclass
class ExtractHeader:
    flux: str = ""
    date: str = ""
    present: bool = False
    warnings: list[str] = field(default_factory=list)


def decode_line(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff")


def _decoded_lines(stream: BinaryIO, on_bytes: Callable[[int], None] | None) -> Iterator[str]:
    for raw in stream:
        if on_bytes:
            on_bytes(len(raw))
        yield decode_line(raw)


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    return dt.date.fromisoformat(value)


def sector_for(aggregate_code: str) -> str:
    for prefix in (aggregate_code[:2], aggregate_code[:1]):
        if prefix in SECTOR_BY_AGGREGATE_PREFIX:
            return SECTOR_BY_AGGREGATE_PREFIX[prefix]
    return ""


def infer_legal_group(siret: str, sph_code: str, pricing_code: str) -> str:
    """Guesses public / private from what the ET extract holds; empty when it cannot tell.

    The ET extract has no legal status; but the SIREN of a public body starts with 1 or 2, an
    « établissement public de santé » has SPH code 1 and tariff mode 03 is the public hospitals' one.
    """
    if sph_code == "1" or pricing_code == "03" or (siret[:1] in {"1", "2"}):
        return "public"
    return ""


def department_code(value: str) -> str:
    value = value.strip().upper()
    return OVERSEAS_DEPARTMENTS.get(value, value)


def _structure(row: list[str], line: int) -> EstablishmentRecord | RejectedLine:
    if len(row) not in (STRUCTURE_FIELDS, STRUCTURE_FIELDS - 1):
        return RejectedLine(
            line, f"ligne incomplète : {len(row)} champs au lieu de {STRUCTURE_FIELDS} pour « structureet »"
        )
    finess = normalize_identifier(row[1])
    if error := finess_error(finess):
        return RejectedLine(line, f"FINESS ET invalide : {error}")
    finess_ej = normalize_identifier(row[2])
    if finess_ej and (error := finess_error(finess_ej)):
        return RejectedLine(line, f"FINESS EJ invalide : {error}")
    name = row[3].strip()
    if not name:
        return RejectedLine(line, "raison sociale absente")
    department = department_code(row[13])
    if not department:
        return RejectedLine(line, "département absent")
    warnings: list[str] = []
    siret = normalize_identifier(row[22])
    if siret and (error := siret_error(siret)):
        warnings.append(f"SIRET ignoré : {error}")
        siret = ""
    dates: dict[str, dt.date | None] = {}
    for key, index in (("opened_on", 28), ("finess_updated_on", 30)):
        try:
            dates[key] = _parse_date(row[index])
        except ValueError:
            warnings.append(f"date ignorée : « {row[index]} » n'est pas une date AAAA-MM-JJ")
            dates[key] = None
    routing = row[15].strip()
    postal_code, _, city = routing.partition(" ")
    street = " ".join(part.strip() for part in (row[7], row[8], row[9], row[10]) if part.strip())
    address = ", ".join(part for part in (row[6].strip(), street, row[11].strip()) if part)
    pricing_code, sph_code = row[24].strip(), row[26].strip()
    return EstablishmentRecord(
        line=line,
        finess=finess,
        finess_ej=finess_ej,
        name=name[:60],
        long_name=row[4].strip()[:120],
        address=address[:200],
        postal_code=postal_code[:5] if postal_code.isdigit() else "",
        city=city.strip()[:60],
        department=department,
        phone=row[16].strip()[:10],
        category_code=row[18].strip(),
        category_label=row[19].strip()[:80],
        category_group_code=row[20].strip(),
        category_group_label=row[21].strip()[:80],
        siret=siret,
        pricing_code=pricing_code,
        sph_code=sph_code,
        opened_on=dates["opened_on"],
        finess_updated_on=dates["finess_updated_on"],
        sector=sector_for(row[20].strip()),
        legal_group=infer_legal_group(siret, sph_code, pricing_code),
        warnings=tuple(warnings),
    )


def _coordinate(value: str) -> float | None:
    value = value.strip().replace(",", ".")
    return float(value) if value else None


def _geolocation(row: list[str], line: int) -> GeolocationRecord | RejectedLine:
    if len(row) != GEO_FIELDS:
        return RejectedLine(
            line, f"ligne incomplète : {len(row)} champs au lieu de {GEO_FIELDS} pour « geolocalisation »"
        )
    finess = normalize_identifier(row[1])
    if error := finess_error(finess):
        return RejectedLine(line, f"FINESS ET invalide : {error}")
    try:
        return GeolocationRecord(line, finess, _coordinate(row[2]), _coordinate(row[3]))
    except ValueError:
        return RejectedLine(line, "coordonnées illisibles")


def read_extract(
    stream: BinaryIO,
    header: ExtractHeader | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterable[EstablishmentRecord | GeolocationRecord | RejectedLine]:
    """Yields one record or rejection per line of the extract, in file order, reading it as a stream."""
    header = header if header is not None else ExtractHeader()
    reader = csv.reader(_decoded_lines(stream, on_bytes), delimiter=";", quotechar='"', doublequote=True)
    previous_end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RejectedLine(previous_end + 1, f"ligne illisible ({error})")
            previous_end = reader.line_num
            continue
        line, previous_end = previous_end + 1, reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        tag = row[0].strip().lower()
        if line == 1:
            if tag == "finess":
                header.present = True
                header.flux = row[2].strip() if len(row) > 2 else ""
                header.date = row[3].strip() if len(row) > 3 else ""
                continue
            header.warnings.append("en-tête « finess;etalab;… » absent : le fichier est lu quand même")
        if tag == "structureet":
            yield _structure(row, line)
        elif tag == "geolocalisation":
            yield _geolocation(row, line)
        else:
            yield RejectedLine(line, f"type de ligne inconnu « {row[0][:30]} »")
