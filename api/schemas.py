"""The shapes the API reads and writes, as they appear in its OpenAPI document."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    code: str = Field(description="Code stable, pour les programmes")
    message: str = Field(description="Message en français, pour les personnes")
    details: list[Any] = Field(default_factory=list)


class CallOut(Schema):
    code: str
    title: str
    short_title: str
    kind: str
    year: int
    region: str
    opens_at: dt.datetime | None
    deadline: dt.datetime | None
    status: str = Field(description="open, upcoming ou closed")


class CallPage(Schema):
    items: list[CallOut]


class DossierSummary(Schema):
    reference: str
    call: str
    establishment: str
    finess: str
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


class DossierPage(Schema):
    items: list[DossierSummary]
    next_cursor: str | None = Field(
        description="À renvoyer dans `cursor` pour la page suivante ; absent à la fin"
    )


class Annotation(Schema):
    author: str
    text: str
    created_at: dt.datetime


class CommitteeScore(Schema):
    member: str
    criterion: str
    score: int | None


class Instruction(Schema):
    """What stays with the ARS: never sent to a porteur."""

    assigned_to: str | None
    annotations: list[Annotation]
    committee_scores: list[CommitteeScore]


class DossierOut(Schema):
    reference: str
    status: str
    status_label: str
    dossier: dict[str, Any] = Field(description="Le dossier au format qvct.dossier/1")
    instruction: Instruction | None = Field(description="Réservé aux agents de l'ARS ; null pour un porteur")


class DossierCreate(Schema):
    call: str = Field(description="Code de l'appel")
    finess: str = Field(description="FINESS de l'un de vos établissements")


class DossierUpdate(Schema):
    """The fields of the identification and project sections; only those sent are changed."""

    contact_name: str | None = Field(None, max_length=120)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=20)
    ght: str | None = Field(None, max_length=120)
    headcount: int | None = Field(None, ge=0, le=10_000_000)
    fte_medical: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    fte_non_medical: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    beds_and_places: int | None = Field(None, ge=0, le=10_000_000)
    absenteeism_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    turnover_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    scope: str | None = None
    diagnostic: str | None = None
    objectives: str | None = None
    schedule: str | None = None
    follow_up: str | None = None
    motivation: dict[str, str] | None = Field(None, description="Une réponse par code de critère de l'appel")


class OtherFundingIn(Schema):
    funder: str = Field(max_length=200)
    amount: Decimal = Field(ge=0, max_digits=12, decimal_places=2)


class IndicatorIn(Schema):
    name: str = Field(max_length=200)
    unit: str = Field("", max_length=60)
    baseline: str = Field("", max_length=60)
    target: str = Field("", max_length=60)


class ActionIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    axis: str = ""
    theme: str = ""
    catalog_item: str = ""
    description: str = ""
    motivation: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    agents_concerned: int | None = Field(None, ge=0, le=10_000_000)
    mutualized: bool = False
    expense_nature: str = ""
    cost: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    requested: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    own_funding: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    funded_elsewhere: bool = False
    reimbursable_elsewhere: bool = False
    training_plan: bool = False
    renews_action: str = ""
    other_funding: list[OtherFundingIn] = Field(default_factory=list, max_length=100)
    indicators: list[IndicatorIn] = Field(default_factory=list, max_length=100)


class DocumentOut(Schema):
    kind: str
    file: str
    size: int
    sha256: str
    action: int | None = Field(description="Rang de l'action, pour un devis")


class Finding(Schema):
    code: str
    severity: str
    action: int | None
    message: str
    source: str = ""


class CheckOut(Schema):
    admissible: bool
    findings: list[Finding]
    actions: list[dict[str, Any]]


class FundedAction(Schema):
    title: str
    granted: Decimal
    reason: str


class DecisionOut(Schema):
    admissibility: str | None = Field(
        description="admissible, inadmissible ou null tant que rien n'est décidé"
    )
    decided_at: dt.datetime | None
    reason: str
    funding_notified: bool
    granted_total: Decimal | None
    actions: list[FundedAction]


class DecisionIn(Schema):
    admissible: bool
    reason: str = ""


class StatisticsOut(Schema):
    dossiers: int
    by_status: dict[str, int]
    by_call: dict[str, int]
    requested_total: Decimal
