"""The call-definition format `qvct.call/1`: its schema and its whole-definition checks.

Pure Python (pydantic), free of the ORM, so that the rule engine, the CLI and the web read one definition.
Every rule value of a call (dates, amounts, rates, limits, departments, attachments, catalog) lives in the
definition file, never in code. See docs/call-definition.md. Reading files is in `definition_files`; the
vocabulary (enums, territories, labels) in `vocabulary`.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .definition_documents import Documents, OpenData
from .definition_ds import DemarchesSimplifiees
from .vocabulary import (
    DEPARTMENT_REGION,
    REGION_NAMES,
    AttachmentKind,
    ExpenseNature,
    Kind,
    LegalStatus,
    RuleCode,
    Sector,
    TrinomeRole,
)

FORMAT = "qvct.call/1"
DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"


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
    # The ARS competences the establishment must fall under, read from its FINESS category
    # (eligibility/competence.py); empty: not checked.
    ars_competences: list[Literal["exclusive", "conjointe"]] = []
    text: str = ""


class Funding(Strict):
    fund: str = ""
    subsidy_rate: Percent
    min_cofinancing_rate: Percent
    max_actions: int = Field(ge=1)
    quote_required_per_action: bool = True
    indicator_required_per_action: bool = True
    realisation_max_months: int | None = Field(default=None, ge=1)
    # The interim report of a signed convention covers the period up to N months before the consumption deadline;
    # absent (or a period too short): the period's midpoint. See monitoring/schedule.py.
    interim_report_months_before_deadline: int | None = Field(default=None, ge=1)
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
    # One cohort per wave by default: it spans the wave's departments (the call's `departments`).
    count: int | None = Field(default=None, ge=1)


class Session(Strict):
    kind: Literal["collective", "individual"]
    count: int = Field(ge=1)
    total_days: Decimal | None = Field(default=None, gt=0)
    mode: Literal["on_site", "remote", "mixed"]
    description: str = ""
    # What each session of this kind is made of, shown as its default agenda in the session plan.
    agenda: list[Text] = []


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
    trinome_roles: list[TrinomeRole] = []
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
    # Absent until the agency gives its SIRET: the call's grants are then not published as open data.
    open_data: OpenData | None = None
    demarches_simplifiees: DemarchesSimplifiees | None = None
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
        if (
            self.funding
            and not self.calendar.consumption_deadline
            and not self.funding.realisation_max_months
        ):
            errors.append(
                (
                    "funding.realisation_max_months",
                    "sans date limite de consommation (calendar.consumption_deadline), la durée de réalisation "
                    "est nécessaire : elle fixe la fin du suivi des dossiers financés",
                )
            )
        if self.kind == Kind.SUPPORT_PROGRAM and self.program is None:
            errors.append(
                ("program", "un appel à accompagnement (kind: support_program) doit décrire son programme")
            )
        _unique(errors, "attachments", [attachment.kind for attachment in self.attachments], "pièce")
        _unique(errors, "criteria", [criterion.code for criterion in self.criteria], "critère")
        if self.demarches_simplifiees:
            kinds = {attachment.kind for attachment in self.attachments}
            for kind in self.demarches_simplifiees.attachments:
                if kind not in kinds:
                    errors.append(
                        (f"demarches_simplifiees.attachments.{kind}", f"pièce « {kind} » inconnue de l'appel")
                    )
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
