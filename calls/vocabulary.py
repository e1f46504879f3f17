"""The words of the call format: territories, call kinds, sectors, statuses, expense natures, attachment kinds,
trinôme roles and the rule codes, each with its French label where users read it.

Pure Python, read by the call definition, the rule engine and (as Django choices) the models.
"""

import csv
from enum import StrEnum
from pathlib import Path

_DEPARTMENTS_FILE = (
    Path(__file__).resolve().parent.parent / "referential" / "data" / "departements_regions.csv"
)


def _territories() -> tuple[dict[str, str], dict[str, str]]:
    """Department → region and region → name, from the shipped INSEE reference file."""
    departments, regions = {}, {}
    with _DEPARTMENTS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            departments[row["dep_code"]] = row["reg_code"]
            regions[row["reg_code"]] = row["reg_nom"]
    return departments, regions


DEPARTMENT_REGION, REGION_NAMES = _territories()


class Kind(StrEnum):
    FUNDING = "funding"
    SUPPORT_PROGRAM = "support_program"


KIND_LABELS = {
    Kind.FUNDING: "Financement d'actions",
    Kind.SUPPORT_PROGRAM: "Accompagnement collectif",
}


class TrinomeRole(StrEnum):
    """The three members of the trinôme a support programme asks for (direction, staff, employee)."""

    DIRECTION = "direction"
    STAFF_REPRESENTATIVE = "staff_representative"
    EMPLOYEE = "employee"


TRINOME_ROLE_LABELS = {
    TrinomeRole.DIRECTION: "Direction",
    TrinomeRole.STAFF_REPRESENTATIVE: "Représentant·e du personnel (IRP)",
    TrinomeRole.EMPLOYEE: "Salarié·e / agent",
}
# How a finding names a missing member: « Le trinôme ne comprend pas la direction, ni … ».
TRINOME_ROLE_IN_SENTENCE = {
    TrinomeRole.DIRECTION: "la direction",
    TrinomeRole.STAFF_REPRESENTATIVE: "un représentant du personnel (IRP)",
    TrinomeRole.EMPLOYEE: "un salarié ou agent",
}


class Sector(StrEnum):
    SANITAIRE = "sanitaire"
    MEDICO_SOCIAL = "medico_social"
    SOCIAL = "social"


class LegalStatus(StrEnum):
    PUBLIC = "public"
    PRIVE_NON_LUCRATIF = "prive_non_lucratif"
    PRIVE_LUCRATIF = "prive_lucratif"


SECTOR_LABELS = {
    Sector.SANITAIRE: "sanitaire",
    Sector.MEDICO_SOCIAL: "médico-social",
    Sector.SOCIAL: "social",
}
LEGAL_STATUS_LABELS = {
    LegalStatus.PUBLIC: "public",
    LegalStatus.PRIVE_NON_LUCRATIF: "privé non lucratif",
    LegalStatus.PRIVE_LUCRATIF: "privé lucratif",
}


class ExpenseNature(StrEnum):
    EQUIPMENT = "equipment"
    TRAINING = "training"
    SERVICE = "service"
    CONSULTING = "consulting"
    COMMUNICATION = "communication"
    SOFTWARE = "software"
    SALARY = "salary"
    RECURRING = "recurring"
    WORKS = "works"
    LEGAL_OBLIGATION = "legal_obligation"
    OTHER = "other"


EXPENSE_NATURE_LABELS = {
    "equipment": "Équipement",
    "training": "Formation",
    "service": "Prestation",
    "consulting": "Conseil, accompagnement",
    "communication": "Communication",
    "software": "Logiciel",
    "salary": "Rémunérations ou postes pérennes",
    "recurring": "Dépense courante de fonctionnement",
    "works": "Travaux, bâti",
    "legal_obligation": "Équipement courant ou relevant des obligations légales de l'employeur",
    "other": "Autre",
}


class AttachmentKind(StrEnum):
    SIGNED_CONTRACT = "signed_contract"
    CSE_OPINION = "cse_opinion"
    DUERP = "duerp"
    DUERP_COMMITMENT_LETTER = "duerp_commitment_letter"
    PREVENTION_PLAN = "prevention_plan"
    RIB = "rib"
    SUMMARY_SHEET = "summary_sheet"
    DIAGNOSTIC = "diagnostic"
    IDENTIFICATION_SHEET = "identification_sheet"
    MOTIVATION_LETTER = "motivation_letter"
    QUOTE = "quote"
    OTHER = "other"


class RuleCode(StrEnum):
    """The stable codes of the admissibility catalog (PRODUCT.md)."""

    DEADLINE_PASSED = "DEADLINE_PASSED"
    NO_ACTION = "NO_ACTION"
    TOO_MANY_ACTIONS = "TOO_MANY_ACTIONS"
    OUT_OF_REGION = "OUT_OF_REGION"
    SECTOR_NOT_ELIGIBLE = "SECTOR_NOT_ELIGIBLE"
    FINESS_INVALID = "FINESS_INVALID"
    SIRET_INVALID = "SIRET_INVALID"
    DUPLICATE_DOSSIER = "DUPLICATE_DOSSIER"
    MISSING_ATTACHMENT = "MISSING_ATTACHMENT"
    DUERP_NOT_PROVIDED = "DUERP_NOT_PROVIDED"
    NO_INDICATOR = "NO_INDICATOR"
    QUOTE_MISSING = "QUOTE_MISSING"
    FINANCING_UNBALANCED = "FINANCING_UNBALANCED"
    COFINANCING_TOO_LOW = "COFINANCING_TOO_LOW"
    REQUEST_ABOVE_RATE = "REQUEST_ABOVE_RATE"
    THEME_NOT_ELIGIBLE = "THEME_NOT_ELIGIBLE"
    EXCLUDED_EXPENSE = "EXCLUDED_EXPENSE"
    MOTIVATION_REQUIRED = "MOTIVATION_REQUIRED"
    ENDS_AFTER_CONSUMPTION_DEADLINE = "ENDS_AFTER_CONSUMPTION_DEADLINE"
    BEYOND_24_MONTHS = "BEYOND_24_MONTHS"
    STARTS_TOO_LATE = "STARTS_TOO_LATE"
    PRIOR_UNIMPLEMENTED = "PRIOR_UNIMPLEMENTED"
    PRIOR_NOT_IMPLEMENTED_2Y = "PRIOR_NOT_IMPLEMENTED_2Y"
    PARTNER_MISSING_FINESS = "PARTNER_MISSING_FINESS"
    TRINOME_INCOMPLETE = "TRINOME_INCOMPLETE"
    CRITERIA_NOT_ADDRESSED = "CRITERIA_NOT_ADDRESSED"
