"""The call-definition format: the shipped calls and the messages of a wrong definition."""

import copy
import datetime as dt
from decimal import Decimal

import pytest

from calls.definition_files import (
    DefinitionFileError,
    load_shipped_definitions,
    parse_definition_text,
    validate_definition,
)
from tests.calls.factories import shipped_definition_data


def errors_of(data: dict) -> list[str]:
    with pytest.raises(DefinitionFileError) as error:
        validate_definition(data, "appel.yaml")
    return error.value.lines()


@pytest.fixture
def clact():
    return copy.deepcopy(shipped_definition_data("clact-grand-est-2024"))


def test_the_three_calls_are_shipped_and_valid():
    assert set(load_shipped_definitions()) == {
        "clact-grand-est-2024",
        "aac-normandie-2024",
        "aac-normandie-2025",
    }


def test_clact_encodes_the_rules_of_the_seed():
    clact = load_shipped_definitions()["clact-grand-est-2024"]
    assert clact.envelope == Decimal("4000000")
    assert clact.funding.max_actions == 5
    assert clact.funding.subsidy_rate == Decimal(50)
    assert clact.funding.min_cofinancing_rate == Decimal(50)
    assert clact.calendar.deadline.isoformat() == "2024-05-10T23:59:59+02:00"
    assert clact.calendar.instruction_start == dt.date(2024, 5, 14)
    assert clact.calendar.instruction_end == dt.date(2024, 8, 31)
    assert clact.calendar.notification_from == dt.date(2024, 10, 9)
    assert clact.calendar.convention_from == dt.date(2024, 10, 11)
    assert clact.calendar.consumption_deadline == dt.date(2026, 12, 31)
    assert clact.departments == ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]
    assert [attachment.kind for attachment in clact.required_attachments] == [
        "signed_contract",
        "cse_opinion",
        "duerp",
        "prevention_plan",
        "rib",
        "summary_sheet",
    ]


def test_clact_catalog_uses_the_codes_of_the_interchange_format():
    clact = load_shipped_definitions()["clact-grand-est-2024"]
    themes = {(theme.axis, theme.code) for theme in clact.catalog.themes}
    assert themes == {
        ("1", "rps"),
        ("1", "tms"),
        ("1", "vfs"),
        ("1", "vss"),
        ("1", "harcelement"),
        ("1", "sante_mentale"),
        ("1", "addictions"),
        ("1", "usure_professionnelle"),
        ("2", "recrutement"),
        ("2", "formation_sensibilisation"),
        ("2", "accompagnement_carrieres"),
        ("2", "organisations_innovantes"),
        ("2", "integration"),
        ("3", "transformation_qvct"),
        ("3", "cooperations"),
        ("3", "equilibre_vie"),
        ("3", "qvct_inclusive"),
    }
    tms = {item.code: item.requires_motivation for item in clact.theme("tms").items}
    assert tms == {
        "lits_fauteuils_bariatriques": True,
        "verticalisateur": True,
        "chaise_douche_motorisee": True,
        "chariot_douche_motorise": True,
        "leve_personne": True,
        "traction_poussee_lits": True,
        "aide_technique_sante_mentale": False,
    }


def test_normandie_calls_split_the_departments_by_wave():
    definitions = load_shipped_definitions()
    assert definitions["aac-normandie-2024"].departments == ["14", "50", "61"]
    assert definitions["aac-normandie-2025"].departments == ["27", "76"]
    for code in ("aac-normandie-2024", "aac-normandie-2025"):
        definition = definitions[code]
        assert [criterion.code for criterion in definition.criteria] == [
            "difficulties",
            "collaboration",
            "attractiveness",
            "commitment",
        ]
        assert [attachment.kind for attachment in definition.required_attachments] == [
            "identification_sheet",
            "motivation_letter",
            "cse_opinion",
        ]
        assert (definition.program.cohort.min_size, definition.program.cohort.max_size) == (4, 6)
        collective, individual = definition.program.sessions
        assert (collective.count, collective.total_days, individual.count) == (6, Decimal("5.5"), 4)
        assert definition.calendar.deadline is None  # the seed gives none: the manager sets it


def test_an_unknown_field_is_named(clact):
    clact["funding"]["max_action"] = 5
    assert "appel.yaml: funding.max_action: champ inconnu" in errors_of(clact)


def test_a_bad_date_is_named(clact):
    clact["calendar"]["notification_from"] = "2024-13-09"
    assert errors_of(clact) == ["appel.yaml: calendar.notification_from: date invalide (attendu AAAA-MM-JJ)"]


def test_a_theme_without_axis_is_named(clact):
    del clact["catalog"]["themes"][3]["axis"]
    assert errors_of(clact) == ["appel.yaml: catalog.themes[3].axis: champ obligatoire manquant"]


def test_a_theme_of_an_unknown_axis_is_named(clact):
    clact["catalog"]["themes"][0]["axis"] = "9"
    assert errors_of(clact) == ["appel.yaml: catalog.themes[0].axis: axe « 9 » inconnu du catalogue"]


def test_a_department_outside_the_region_is_named(clact):
    clact["departments"].append("14")
    assert "appel.yaml: departments[10]: le département 14 n'est pas dans la région" in errors_of(clact)


def test_every_error_of_a_file_is_reported_at_once(clact):
    clact["calendar"]["notification_from"] = "pas une date"
    clact["funding"]["max_actions"] = 0
    clact["colour"] = "bleu"
    assert len(errors_of(clact)) == 3


def test_a_naive_deadline_is_read_in_paris_time(clact):
    clact["calendar"]["deadline"] = "2024-12-10T23:59:59"
    definition = validate_definition(clact)
    assert definition.calendar.deadline.utcoffset() == dt.timedelta(hours=1)


def test_a_key_given_twice_is_refused():
    with pytest.raises(DefinitionFileError) as error:
        parse_definition_text("format: qvct.call/1\ncode: a\ncode: b\n", "double.yaml")
    assert "double.yaml: ligne 3: YAML illisible : clé « code » en double" in error.value.lines()


def test_unreadable_yaml_names_the_line():
    with pytest.raises(DefinitionFileError) as error:
        parse_definition_text("format: [\n", "cassé.yaml")
    assert error.value.lines()[0].startswith("cassé.yaml: ligne ")


def test_a_funding_call_without_consumption_deadline_needs_its_realisation_months(clact):
    clact["calendar"]["consumption_deadline"] = None
    del clact["funding"]["realisation_max_months"]
    assert errors_of(clact) == [
        "appel.yaml: funding.realisation_max_months: sans date limite de consommation "
        "(calendar.consumption_deadline), la durée de réalisation est nécessaire : elle fixe la fin du suivi des "
        "dossiers financés"
    ]
