"""« sous compétence exclusive ou conjointe ARS » (Normandie § 2.A), read from the FINESS category."""

import datetime as dt

from calls.definition_files import load_shipped_definitions
from calls.vocabulary import RuleCode
from eligibility.competence import ars_competence
from eligibility.dossier import parse_dossier
from eligibility.engine import check_dossier
from tests.eligibility.dossiers import clact_dossier, normandie_dossier

CALLS = load_shipped_definitions()
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def _findings(data: dict):
    dossier = parse_dossier(data)
    result = check_dossier(dossier, CALLS[dossier.campaign], None, now=NOW)
    return [f for f in result.findings if f.code == RuleCode.SECTOR_NOT_ELIGIBLE]


def _normandie(sector: str, category: str | None) -> dict:
    data = normandie_dossier()
    data["establishment"] = {**data["establishment"], "sector": sector, "category": category}
    return data


def test_an_ehpad_under_joint_competence_is_eligible_to_normandie():
    assert ars_competence("500")[0] == "conjointe"
    assert _findings(_normandie("medico_social", "500")) == []


def test_a_hospital_under_exclusive_competence_is_eligible_to_normandie():
    assert _findings(_normandie("sanitaire", "355")) == []


def test_a_social_service_under_joint_competence_is_eligible_to_normandie():
    assert _findings(_normandie("social", "209")) == []


def test_a_social_establishment_outside_ars_competence_is_not_eligible_and_is_told_why():
    (finding,) = _findings(_normandie("social", "340"))
    assert "catégorie FINESS 340" in finding.message
    assert "hors compétence de l'ARS" in finding.message
    assert (
        "compétence exclusive de l'ARS ou compétence conjointe de l'ARS et du département" in finding.message
    )


def test_a_category_the_table_does_not_list_is_left_to_the_instructor():
    assert ars_competence("999") is None
    assert _findings(_normandie("social", "999")) == []


def test_the_clact_call_does_not_read_the_competence():
    data = clact_dossier()
    data["establishment"] = {**data["establishment"], "category": "340"}
    assert _findings(data) == []


def test_the_sector_finding_names_sectors_in_french():
    data = clact_dossier()
    data["establishment"] = {**data["establishment"], "sector": "social"}
    (finding,) = _findings(data)
    assert "« social »" in finding.message and "sanitaire, médico-social" in finding.message
    assert "medico_social" not in finding.message
