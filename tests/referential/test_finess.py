"""The pure reader of FINESS extracts: no database."""

import io

from referential.finess import (
    EstablishmentRecord,
    ExtractHeader,
    GeolocationRecord,
    RejectedLine,
    read_extract,
)

HEADER = "finess;etalab;107;2026-05-12\n"


def structure_line(
    finess="670000272", name="CENTRE HOSPITALIER DE SELESTAT", department="67", siret="", extra=""
):
    fields = [
        "structureet",
        finess,
        "670780014",
        name,
        name,
        "",
        "",
        "12",
        "R",
        "DES TILLEULS",
        "",
        "",
        "462",
        department,
        "BAS RHIN",
        "67600 SELESTAT",
        "0388000000",
        "",
        "355",
        "Centre Hospitalier (C.H.)",
        "1102",
        "Centres Hospitaliers",
        siret,
        "8610Z",
        "03",
        "ARS établissements Publics de santé dotation globale",
        "1",
        "Etablissement public de santé",
        "1975-01-01",
        "1975-01-01",
        "2024-03-12",
        extra,
    ]
    return ";".join(fields) + "\n"


def read(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    header = ExtractHeader()
    return list(read_extract(io.BytesIO(data), header=header)), header


def test_a_structure_line_becomes_an_establishment_record():
    [record], header = read(HEADER + structure_line())
    assert isinstance(record, EstablishmentRecord)
    assert (record.finess, record.department, record.postal_code, record.city) == (
        "670000272",
        "67",
        "67600",
        "SELESTAT",
    )
    assert record.address == "12 R DES TILLEULS"
    assert record.sector == "sanitaire"
    assert record.legal_group == "public"
    assert header.present and header.date == "2026-05-12"


def test_doubled_quotes_inside_a_field_are_read_as_one_quote():
    line = structure_line(name='"EHPAD ""LES TILLEULS"""')
    [record], _ = read(HEADER + line)
    assert record.name == 'EHPAD "LES TILLEULS"'


def test_a_cp1252_line_inside_a_utf8_file_is_read():
    line = structure_line(name="EHPAD SAINTE-HÉLÈNE").encode("cp1252")
    [record], _ = read(HEADER.encode() + line)
    assert record.name == "EHPAD SAINTE-HÉLÈNE"


def test_a_line_with_a_bad_finess_key_is_rejected_with_its_number():
    [rejected], _ = read(HEADER + structure_line(finess="670000273"))
    assert isinstance(rejected, RejectedLine)
    assert rejected.line == 2
    assert "clé" in rejected.reason


def test_a_short_line_is_rejected():
    [rejected], _ = read(HEADER + "structureet;670000272;670780014;CH\n")
    assert rejected.line == 2
    assert "incomplète" in rejected.reason


def test_an_unknown_line_type_is_rejected():
    [rejected], _ = read(HEADER + "autre;chose\n")
    assert "inconnu" in rejected.reason


def test_an_invalid_siret_is_dropped_with_a_warning_and_the_line_kept():
    [record], _ = read(HEADER + structure_line(siret="26670005700017"))
    assert record.siret == ""
    assert "SIRET" in record.warnings[0]


def test_overseas_departments_are_mapped_to_their_insee_codes():
    [record], _ = read(HEADER + structure_line(finess="9A0000012", department="9A"))
    assert record.department == "971"


def test_geolocation_lines_carry_coordinates():
    [location], _ = read(
        HEADER + "geolocalisation;670000272;1028145.8;6796321.2;1,ATLASANTE,100,IGN;2024-03-12\n"
    )
    assert isinstance(location, GeolocationRecord)
    assert (location.x, location.y) == (1028145.8, 6796321.2)


def test_a_file_without_header_is_read_with_a_warning():
    [record], header = read(structure_line())
    assert isinstance(record, EstablishmentRecord)
    assert not header.present and header.warnings


def test_extracts_without_the_uai_column_are_accepted():
    line = structure_line().rstrip("\n").rsplit(";", 1)[0] + "\n"
    [record], _ = read(HEADER + line)
    assert isinstance(record, EstablishmentRecord)


def test_line_numbers_stay_right_after_a_quoted_field_spanning_two_lines():
    # The name fills two columns, so this record spans lines 2 to 4.
    multi = structure_line(name='"CH SUR\nDEUX LIGNES"')
    records, _ = read(HEADER + multi + structure_line(finess="670000280"))
    assert [record.line for record in records] == [2, 5]
    assert records[0].name == "CH SUR\nDEUX LIGNES"
