"""The call-definition format `qvct.call/1`: its schema, and the validation of definition files.

Pure Python (pydantic), free of the ORM, so that the rule engine, the CLI and the web read one definition.
Every rule value of a call (dates, amounts, rates, limits, departments, attachments, catalog) lives in the
definition file, never in code. See docs/call-definition.md.
"""

import csv
import datetime as dt
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .definition_documents import Documents

FORMAT = "qvct.call/1"
DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
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


class Sector(StrEnum):
    SANITAIRE = "sanitaire"
    MEDICO_SOCIAL = "medico_social"
    SOCIAL = "social"


class LegalStatus(StrEnum):
    PUBLIC = "public"
    PRIVE_NON_LUCRATIF = "prive_non_lucratif"
    PRIVE_LUCRATIF = "prive_lucratif"


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


Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, Field(min_length=1)]
Euros = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Contact(Strict):
    email: str | None = None
    text: str = ""
    address: str = ""
    phone: str = ""
    website: str | None = None


class Milestone(Strict):
    label: Text
    date: dt.date | None = None
    end: dt.date | None = None
    note: str = ""


class Calendar(Strict):
    timezone: str = "Europe/Paris"
    opens_at: dt.datetime | None = None
    deadline: dt.datetime | None = None
    instruction_start: dt.date | None = None
    instruction_end: dt.date | None = None
    notification_from: dt.date | None = None
    convention_from: dt.date | None = None
    consumption_deadline: dt.date | None = None
    program_start: dt.date | None = None
    program_end: dt.date | None = None
    milestones: list[Milestone] = []

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"fuseau horaire inconnu « {value} »") from None
        return value

    @model_validator(mode="after")
    def _aware_and_ordered(self) -> "Calendar":
        zone = ZoneInfo(self.timezone)
        for name in ("opens_at", "deadline"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                # A date-time without offset is read in the call's time zone.
                object.__setattr__(self, name, value.replace(tzinfo=zone))
        if self.opens_at and self.deadline and self.opens_at >= self.deadline:
            raise ValueError("l'ouverture (opens_at) doit précéder la date limite (deadline)")
        if self.instruction_start and self.instruction_end and self.instruction_start > self.instruction_end:
            raise ValueError("instruction_start doit précéder instruction_end")
        if self.program_start and self.program_end and self.program_start > self.program_end:
            raise ValueError("program_start doit précéder program_end")
        return self


class Eligibility(Strict):
    sectors: list[Sector] = Field(min_length=1)
    legal_statuses: list[LegalStatus] = Field(min_length=1)
    establishment_types: list[Text] = []
    text: str = ""


class Funding(Strict):
    fund: str = ""
    subsidy_rate: Percent
    min_cofinancing_rate: Percent
    max_actions: int = Field(ge=1)
    quote_required_per_action: bool = True
    indicator_required_per_action: bool = True
    realisation_max_months: int | None = Field(default=None, ge=1)
    start_max_months: int | None = Field(default=None, ge=1)
    training_plan_excluded: bool = False
    excluded_expense_natures: list[ExpenseNature] = []
    excluded_funders: list[Text] = []
    exclusions: list[Text] = []
    text: str = ""


class Attachment(Strict):
    kind: AttachmentKind
    label: Text
    description: str = ""
    required: bool = True
    refused_substitutes: list[AttachmentKind] = []
    refusal_note: str = ""


class CatalogItem(Strict):
    code: Code
    title: Text
    description: str = ""
    requires_motivation: bool = False


class Theme(Strict):
    code: Code
    axis: Code
    title: Text
    note: str = ""
    items: list[CatalogItem] = []


class Axis(Strict):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$", max_length=20)]
    title: Text
    description: str = ""


class Catalog(Strict):
    intro: str = ""
    axes: list[Axis] = []
    themes: list[Theme] = []
    notes: list[Text] = []


class Criterion(Strict):
    code: Code
    title: Text
    description: str = ""
    weight: Decimal = Field(default=Decimal(1), ge=0)
    max_score: int = Field(default=5, ge=1)
    signal: Literal["mutualized", "agents_concerned", "schedule", None] = None


class Rule(Strict):
    code: RuleCode
    source: Text


class Cohort(Strict):
    min_size: int = Field(ge=1)
    max_size: int = Field(ge=1)
    same_department: bool = True
    count: int | None = Field(default=None, ge=1)


class Session(Strict):
    kind: Literal["collective", "individual"]
    count: int = Field(ge=1)
    total_days: Decimal | None = Field(default=None, gt=0)
    mode: Literal["on_site", "remote", "mixed"]
    description: str = ""


class Program(Strict):
    kind_label: Text
    objective: str = ""
    approach: list[Text] = []
    cohort: Cohort
    sessions: list[Session] = Field(min_length=1)
    intersession: list[Text] = []
    host_establishments: int | None = Field(default=None, ge=1)
    pilot_establishments: int | None = Field(default=None, ge=1)
    locations: str = ""
    facilitators: list[Text] = []
    trinome_roles: list[Literal["direction", "staff_representative", "employee"]] = []
    prerequisites: list[Text] = []
    selection_process: list[Text] = []
    interview: str = ""
    deliverables: list[Milestone] = []
    communication_mention: str = ""
    communication_rules: list[Text] = []

    @model_validator(mode="after")
    def _cohort_bounds(self) -> "Program":
        if self.cohort.min_size > self.cohort.max_size:
            raise ValueError("cohort.min_size doit être inférieur ou égal à cohort.max_size")
        return self


class CallDefinition(Strict):
    format: Literal["qvct.call/1"]
    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    version: int = Field(ge=1)
    kind: Kind
    year: int = Field(ge=2000, le=2100)
    title: Text
    short_title: Text
    organisers: list[Text] = Field(min_length=1)
    region: str
    departments: list[str] = Field(min_length=1)
    summary: Text
    presentation: list[Text] = []
    envelope: Euros | None = None
    envelope_note: str = ""
    previous_year_note: str = ""
    calendar: Calendar
    eligibility: Eligibility
    funding: Funding | None = None
    admissibility_criteria: list[Text] = []
    attachments: list[Attachment] = []
    catalog: Catalog = Catalog()
    criteria: list[Criterion] = []
    criteria_intro: str = ""
    rules: list[Rule] = []
    program: Program | None = None
    submission: list[Text] = []
    contact: Contact = Contact()
    documents: Documents = Documents()
    source: str = ""

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if value not in REGION_NAMES:
            raise ValueError(f"région « {value} » inconnue (code INSEE attendu, par exemple 44)")
        return value

    @field_validator("departments")
    @classmethod
    def _known_departments(cls, values: list[str]) -> list[str]:
        unknown = [value for value in values if value not in DEPARTMENT_REGION]
        if unknown:
            raise ValueError(f"département(s) inconnu(s) : {', '.join(unknown)}")
        if len(set(values)) != len(values):
            raise ValueError("un département est cité deux fois")
        return values

    @model_validator(mode="after")
    def _consistent(self) -> "CallDefinition":
        errors: list[tuple[str, str]] = []
        for index, department in enumerate(self.departments):
            if DEPARTMENT_REGION[department] != self.region:
                errors.append(
                    (f"departments[{index}]", f"le département {department} n'est pas dans la région")
                )
        if self.kind == Kind.FUNDING and self.funding is None:
            errors.append(("funding", "un appel de financement (kind: funding) doit décrire son financement"))
        if self.kind == Kind.SUPPORT_PROGRAM and self.program is None:
            errors.append(
                ("program", "un appel à accompagnement (kind: support_program) doit décrire son programme")
            )
        _unique(errors, "attachments", [attachment.kind for attachment in self.attachments], "pièce")
        _unique(errors, "criteria", [criterion.code for criterion in self.criteria], "critère")
        _unique(errors, "rules", [rule.code for rule in self.rules], "règle")
        axes = [axis.code for axis in self.catalog.axes]
        _unique(errors, "catalog.axes", axes, "axe")
        _unique(errors, "catalog.themes", [theme.code for theme in self.catalog.themes], "thème")
        for index, theme in enumerate(self.catalog.themes):
            if theme.axis not in axes:
                errors.append((f"catalog.themes[{index}].axis", f"axe « {theme.axis} » inconnu du catalogue"))
            _unique(errors, f"catalog.themes[{index}].items", [item.code for item in theme.items], "action")
        if errors:
            raise DefinitionErrors(errors)
        return self

    # Reading helpers used by pages and, later, the rule engine.
    def axis_themes(self, axis_code: str) -> list[Theme]:
        return [theme for theme in self.catalog.themes if theme.axis == axis_code]

    def theme(self, code: str) -> Theme | None:
        return next((theme for theme in self.catalog.themes if theme.code == code), None)

    def rule_source(self, code: str) -> str:
        return next((rule.source for rule in self.rules if rule.code == code), "")

    @property
    def required_attachments(self) -> list[Attachment]:
        return [attachment for attachment in self.attachments if attachment.required]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.calendar.timezone)


class DefinitionErrors(ValueError):
    """Several located errors found by a whole-definition check."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))


def _unique(errors: list[tuple[str, str]], path: str, codes: list, noun: str) -> None:
    seen: set = set()
    for index, code in enumerate(codes):
        if code in seen:
            errors.append((f"{path}[{index}]", f"{noun} « {code} » en double"))
        seen.add(code)


class DefinitionFileError(Exception):
    """A definition file that cannot be loaded, with every located problem as `path: message`."""

    def __init__(self, file: str, problems: list[tuple[str, str]]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.file}: {path}: {message}" for path, message in self.problems]


# French wording of pydantic's error types; anything else keeps pydantic's own message.
_MESSAGES = {
    "extra_forbidden": "champ inconnu",
    "missing": "champ obligatoire manquant",
    "date_from_datetime_parsing": "date invalide (attendu AAAA-MM-JJ)",
    "date_parsing": "date invalide (attendu AAAA-MM-JJ)",
    "date_type": "date invalide (attendu AAAA-MM-JJ)",
    "date_from_datetime_inexact": "date invalide (attendu AAAA-MM-JJ, sans heure)",
    "datetime_from_date_parsing": "date et heure invalides (attendu AAAA-MM-JJTHH:MM:SS)",
    "datetime_parsing": "date et heure invalides (attendu AAAA-MM-JJTHH:MM:SS)",
    "datetime_type": "date et heure invalides (attendu AAAA-MM-JJTHH:MM:SS)",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "decimal_parsing": "nombre attendu",
    "decimal_type": "nombre attendu",
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


def _location(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not str(part).startswith(("function-", "literal[", "union[")) and not str(part).startswith("'"):
            path += f".{part}" if path else str(part)
    return path or "(racine)"


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "literal_error":
        return f"valeur non permise ({error.get('ctx', {}).get('expected', '')})"
    if kind == "enum":
        return f"valeur « {error.get('input')} » non permise (attendu : {error.get('ctx', {}).get('expected', '')})"
    if kind == "string_pattern_mismatch":
        return f"format invalide « {error.get('input')} »"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return f"valeur hors limites ({error['msg']})"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return error["msg"]


def validate_definition(data: Any, file: str = "<définition>") -> CallDefinition:
    """Validates parsed YAML data; raises DefinitionFileError naming every field at fault."""
    if not isinstance(data, dict):
        raise DefinitionFileError(file, [("(racine)", "la définition doit être un objet YAML")])
    try:
        return CallDefinition.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            cause = item.get("ctx", {}).get("error")
            if isinstance(cause, DefinitionErrors):
                problems.extend(cause.errors)
            else:
                problems.append((_location(item["loc"]), _message(item)))
        raise DefinitionFileError(file, problems) from None


class _UniqueKeyLoader(yaml.SafeLoader):
    """Refuses a key given twice in one mapping, which YAML would otherwise silently let win."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {key} » en double", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_definition_text(text: str, file: str = "<définition>") -> CallDefinition:
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"ligne {mark.line + 1}" if mark else "(fichier)"
        problem = getattr(error, "problem", None) or str(error)
        raise DefinitionFileError(file, [(where, f"YAML illisible : {problem}")]) from None
    return validate_definition(data, file)


def load_definition_file(path: Path | str) -> CallDefinition:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionFileError(str(path), [("(fichier)", "fichier introuvable")]) from None
    except UnicodeDecodeError:
        raise DefinitionFileError(
            str(path), [("(fichier)", "le fichier doit être encodé en UTF-8")]
        ) from None
    return parse_definition_text(text, str(path))


def shipped_definition_files() -> list[Path]:
    return sorted(DEFINITIONS_DIR.glob("*.yaml"))


def load_shipped_definitions() -> dict[str, CallDefinition]:
    """The calls shipped with the code, by code: what `qvct check` uses when there is no database."""
    definitions = {}
    for path in shipped_definition_files():
        definition = load_definition_file(path)
        definitions[definition.code] = definition
    return definitions
