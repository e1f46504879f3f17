"""The dossier interchange format `qvct.dossier/1` as plain data: parsing and validation, no ORM.

Unknown fields are kept or ignored, never an error (shared/spec/dossier-format.md). Amounts are euros, rates
percentages, a date-time without offset is read in Europe/Paris. A document that is not a dossier raises
DossierFormatError with one clear French line.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from calls.validation_messages import french_message, location
from qvct import formats

FORMAT = "qvct.dossier/1"
PARIS = ZoneInfo("Europe/Paris")


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# Storage bounds, not rules: the widest figures the guichet's columns hold. A number beyond them (1e400) is a
# typing or tooling mistake, refused at the door rather than overflowing the engine's arithmetic or the database.
MAX_AMOUNT = Decimal("9999999999.99")  # euros: 12 digits, 2 decimals
MAX_COUNT = 2_147_483_647  # a database integer column
MAX_FTE = Decimal("9999999.99")
MAX_RATE = Decimal("999.99")  # percent

Amount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
OptionalAmount = Annotated[
    Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)] | None,
    BeforeValidator(_blank_to_none),
]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Fte = Annotated[Decimal, Field(ge=0, le=MAX_FTE, allow_inf_nan=False)]
Rate = Annotated[Decimal, Field(ge=0, le=MAX_RATE, allow_inf_nan=False)]
Figure = Annotated[Decimal, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]
OptionalDate = Annotated[dt.date | None, BeforeValidator(_blank_to_none)]


class Lenient(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True, frozen=True)


class Establishment(Lenient):
    name: str = ""
    finess: str | None = None
    siret: str | None = None
    department: str | None = None
    ght: str | None = None
    sector: str | None = None
    legal_status: str | None = None
    category: str | None = None  # FINESS catégorie d'établissement (code), e.g. « 500 » for an EHPAD
    email: str | None = None
    headcount: Count | None = None
    fte_medical: Fte | None = None
    fte_non_medical: Fte | None = None
    beds_and_places: Count | None = None
    absenteeism_rate: Rate | None = None
    turnover_rate: Rate | None = None


class Partner(Lenient):
    name: str = ""
    finess: str | None = None


class TrinomeMember(Lenient):
    role: str
    name: str = ""


class Project(Lenient):
    scope: str = ""
    diagnostic: str = ""
    objectives: str = ""
    schedule: str = ""
    follow_up: str = ""
    motivation: dict[str, str | None] = {}


class OtherFunding(Lenient):
    funder: str = ""
    amount: Amount = Decimal(0)


class Quote(Lenient):
    file: str | None = None
    supplier: str = ""
    amount: OptionalAmount = None


class Indicator(Lenient):
    name: str = ""
    unit: str = ""
    baseline: Figure | str | None = None
    target: Figure | str | None = None


class Action(Lenient):
    title: str = ""
    axis: str | None = None
    theme: str | None = None
    catalog_item: str | None = None
    description: str = ""
    motivation: str | None = None
    priority: Count | None = None
    start: OptionalDate = None
    end: OptionalDate = None
    agents_concerned: Count | None = None
    mutualized: bool = False
    expense_nature: str | None = None
    cost: Amount = Decimal(0)
    requested: Amount = Decimal(0)
    own_funding: Amount = Decimal(0)
    other_funding: list[OtherFunding] = []
    quotes: list[Quote] = []
    indicators: list[Indicator] = []
    funded_elsewhere: bool = False
    reimbursable_elsewhere: bool = False
    training_plan: bool = False
    renews_action: str | None = None

    @field_validator("axis", mode="before")
    @classmethod
    def _axis_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @property
    def other_funding_total(self) -> Decimal:
        return sum((funding.amount for funding in self.other_funding), Decimal(0))


class Attachment(Lenient):
    kind: str
    file: str | None = None


class Dossier(Lenient):
    format: Literal["qvct.dossier/1"]
    campaign: str = Field(min_length=1)
    reference: str | None = None
    submitted_at: dt.datetime | None = None
    establishment: Establishment = Establishment()
    partners: list[Partner] = []
    trinome: list[TrinomeMember] = []
    project: Project = Project()
    actions: list[Action] = []
    attachments: list[Attachment] = []

    @field_validator("submitted_at")
    @classmethod
    def _paris_when_naive(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=PARIS)
        return value

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None

    @property
    def is_mutualized(self) -> bool:
        return bool(self.partners) or any(action.mutualized for action in self.actions)


class DossierFormatError(ValueError):
    """Why a document is not a `qvct.dossier/1` dossier, in one French line."""


# The dossier format's own words for a few of pydantic's error types; the rest are shared with the call format.
_OWN_MESSAGES = {
    "literal_error": f"doit valoir « {FORMAT} »",
    "greater_than_equal": "montant négatif",
}


def parse_dossier(data: Any) -> Dossier:
    """Validates parsed JSON; raises DossierFormatError naming the first field at fault."""
    if not isinstance(data, dict):
        raise DossierFormatError("le document n'est pas un objet JSON de dossier")
    if data.get("format") != FORMAT:
        found = data.get("format")
        raise DossierFormatError(
            f"ce n'est pas un dossier {FORMAT} (champ « format » : {found!r})"
            if found
            else f"ce n'est pas un dossier {FORMAT} (champ « format » absent)"
        )
    try:
        return Dossier.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        if first["type"] == "less_than_equal":
            message = f"nombre trop grand ({formats.number(first['ctx']['le'])} au plus)"
        else:
            message = french_message(first, _OWN_MESSAGES)
        more = f" (et {error.error_count() - 1} autre(s) erreur(s))" if error.error_count() > 1 else ""
        raise DossierFormatError(
            f"{location(first['loc'], one_based_after=('actions',))} : {message}{more}"
        ) from None
