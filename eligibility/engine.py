"""The admissibility rule engine: pure functions from a dossier, its call and its history to findings.

No ORM, no HTTP: the CLI, the web, the API and the imports share this one implementation. Every parameter
(limits, rates, dates, attachments, catalog) comes from the call definition, and a rule runs only when the call
lists its code; each finding's message names the figure at fault and quotes the call's rule.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from calls.definition import EXPENSE_NATURE_LABELS, CallDefinition, Kind, RuleCode
from referential.identifiers import finess_error, siret_error

from .dossier import PARIS, Action, Dossier
from .funding_rules import grant_date, own_share_on_totals, starts_too_late
from .wording import add_months, euros, french_date, percent

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class Severity(StrEnum):
    BLOCKING = "blocking"
    ACTION = "action"
    WARNING = "warning"


SEVERITIES: dict[RuleCode, Severity] = {
    RuleCode.DEADLINE_PASSED: Severity.BLOCKING,
    RuleCode.NO_ACTION: Severity.BLOCKING,
    RuleCode.TOO_MANY_ACTIONS: Severity.BLOCKING,
    RuleCode.OUT_OF_REGION: Severity.BLOCKING,
    RuleCode.SECTOR_NOT_ELIGIBLE: Severity.BLOCKING,
    RuleCode.FINESS_INVALID: Severity.BLOCKING,
    RuleCode.SIRET_INVALID: Severity.BLOCKING,
    RuleCode.DUPLICATE_DOSSIER: Severity.BLOCKING,
    RuleCode.MISSING_ATTACHMENT: Severity.BLOCKING,
    RuleCode.DUERP_NOT_PROVIDED: Severity.BLOCKING,
    RuleCode.NO_INDICATOR: Severity.BLOCKING,
    RuleCode.QUOTE_MISSING: Severity.BLOCKING,
    RuleCode.FINANCING_UNBALANCED: Severity.BLOCKING,
    RuleCode.COFINANCING_TOO_LOW: Severity.BLOCKING,
    RuleCode.REQUEST_ABOVE_RATE: Severity.WARNING,
    RuleCode.THEME_NOT_ELIGIBLE: Severity.ACTION,
    RuleCode.EXCLUDED_EXPENSE: Severity.ACTION,
    RuleCode.MOTIVATION_REQUIRED: Severity.ACTION,
    RuleCode.ENDS_AFTER_CONSUMPTION_DEADLINE: Severity.ACTION,
    RuleCode.BEYOND_24_MONTHS: Severity.WARNING,
    RuleCode.STARTS_TOO_LATE: Severity.WARNING,
    RuleCode.PRIOR_UNIMPLEMENTED: Severity.BLOCKING,
    RuleCode.PRIOR_NOT_IMPLEMENTED_2Y: Severity.WARNING,
    RuleCode.PARTNER_MISSING_FINESS: Severity.BLOCKING,
    RuleCode.TRINOME_INCOMPLETE: Severity.BLOCKING,
    RuleCode.CRITERIA_NOT_ADDRESSED: Severity.BLOCKING,
}


@dataclass(frozen=True)
class Finding:
    code: RuleCode
    severity: Severity
    action: int | None  # 1-based index of the action concerned, None for the dossier
    message: str
    source: str = ""

    def as_json(self) -> dict:
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "action": self.action,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class ActionVerdict:
    index: int
    eligible: bool
    fundable: Decimal

    def as_json(self) -> dict:
        return {"index": self.index, "eligible": self.eligible, "fundable": float(self.fundable)}


@dataclass(frozen=True)
class CheckResult:
    reference: str | None
    campaign: str
    findings: tuple[Finding, ...]
    actions: tuple[ActionVerdict, ...]

    @property
    def admissible(self) -> bool:
        return not any(finding.severity == Severity.BLOCKING for finding in self.findings)

    @property
    def codes(self) -> list[str]:
        return [finding.code.value for finding in self.findings]

    def for_action(self, index: int) -> list[Finding]:
        return [finding for finding in self.findings if finding.action == index]

    def as_json(self) -> dict:
        return {
            "reference": self.reference,
            "campaign": self.campaign,
            "admissible": self.admissible,
            "findings": [finding.as_json() for finding in self.findings],
            "actions": [verdict.as_json() for verdict in self.actions],
        }


@dataclass(frozen=True)
class OtherSubmission:
    """Another dossier of the same call, as the history knows it."""

    reference: str
    finess: str
    campaign: str
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class PriorAction:
    """An action funded by an earlier call, with what became of it."""

    reference: str
    finess: str
    campaign: str
    title: str
    granted_on: dt.date
    implemented: bool
    explained: bool = False


@dataclass(frozen=True)
class History:
    """What the rules that look back need: the other dossiers and the actions funded before."""

    submissions: tuple[OtherSubmission, ...] = ()
    prior_actions: tuple[PriorAction, ...] = ()


@dataclass
class _Context:
    dossier: Dossier
    call: CallDefinition
    history: History
    now: dt.datetime
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: RuleCode, message: str, action: int | None = None) -> None:
        source = self.call.rule_source(code)
        text = f"{message} Règle de l'appel : {source}" if source else message
        self.findings.append(Finding(code, SEVERITIES[code], action, text, source))

    def actions(self) -> Iterator[tuple[int, Action]]:
        return enumerate(self.dossier.actions, start=1)


Rule = Callable[[_Context], None]


def _deadline(ctx: _Context) -> None:
    deadline, submitted = ctx.call.calendar.deadline, ctx.dossier.submitted_at
    if deadline is None or submitted is None or submitted <= deadline:
        return
    ctx.add(
        RuleCode.DEADLINE_PASSED,
        f"Le dossier a été déposé le {french_date(submitted.astimezone(PARIS))} à "
        f"{submitted.astimezone(PARIS):%H:%M:%S} (heure de Paris), après la date limite du "
        f"{french_date(deadline.astimezone(PARIS))} à {deadline.astimezone(PARIS):%H:%M:%S}.",
    )


def _no_action(ctx: _Context) -> None:
    if ctx.call.kind == Kind.FUNDING and not ctx.dossier.actions:
        ctx.add(RuleCode.NO_ACTION, "Le dossier ne présente aucune action à financer.")


def _too_many_actions(ctx: _Context) -> None:
    funding = ctx.call.funding
    count = len(ctx.dossier.actions)
    if funding and count > funding.max_actions:
        ctx.add(
            RuleCode.TOO_MANY_ACTIONS,
            f"Le dossier compte {count} actions ; l'appel en autorise {funding.max_actions} au plus.",
        )


def _out_of_region(ctx: _Context) -> None:
    department = (ctx.dossier.establishment.department or "").strip()
    if department and department not in ctx.call.departments:
        ctx.add(
            RuleCode.OUT_OF_REGION,
            f"L'établissement est situé dans le département {department}, qui n'est pas éligible à cet appel "
            f"(départements éligibles : {', '.join(ctx.call.departments)}).",
        )
    elif not department:
        ctx.add(RuleCode.OUT_OF_REGION, "Le département de l'établissement n'est pas renseigné.")


def _sector(ctx: _Context) -> None:
    establishment, eligibility = ctx.dossier.establishment, ctx.call.eligibility
    if establishment.sector and establishment.sector not in eligibility.sectors:
        ctx.add(
            RuleCode.SECTOR_NOT_ELIGIBLE,
            f"Le secteur « {establishment.sector} » de l'établissement n'est pas éligible "
            f"(secteurs éligibles : {', '.join(eligibility.sectors)}).",
        )
    if establishment.legal_status and establishment.legal_status not in eligibility.legal_statuses:
        ctx.add(
            RuleCode.SECTOR_NOT_ELIGIBLE,
            f"Le statut « {establishment.legal_status} » de l'établissement n'est pas éligible "
            f"(statuts éligibles : {', '.join(eligibility.legal_statuses)}).",
        )


def _finess(ctx: _Context) -> None:
    if error := finess_error(ctx.dossier.establishment.finess):
        ctx.add(RuleCode.FINESS_INVALID, error)


def _siret(ctx: _Context) -> None:
    siret = ctx.dossier.establishment.siret
    if siret and (error := siret_error(siret)):
        ctx.add(RuleCode.SIRET_INVALID, error)


def _duplicate(ctx: _Context) -> None:
    dossier = ctx.dossier
    finess = (dossier.establishment.finess or "").strip()
    for other in ctx.history.submissions:
        if (
            other.reference == dossier.reference
            or other.campaign != dossier.campaign
            or other.finess != finess
        ):
            continue
        if other.submitted_at is None:
            continue
        if dossier.submitted_at is None or other.submitted_at <= dossier.submitted_at:
            ctx.add(
                RuleCode.DUPLICATE_DOSSIER,
                f"L'établissement {finess} a déjà déposé le dossier {other.reference} pour cet appel ; "
                "un seul dossier est admis par établissement.",
            )
            return


def _attachments(ctx: _Context) -> None:
    given = {attachment.kind for attachment in ctx.dossier.attachments if (attachment.file or "").strip()}
    for attachment in ctx.call.required_attachments:
        if attachment.kind in given:
            continue
        substitutes = [kind for kind in attachment.refused_substitutes if kind in given]
        if substitutes and RuleCode.DUERP_NOT_PROVIDED in {rule.code for rule in ctx.call.rules}:
            ctx.add(
                RuleCode.DUERP_NOT_PROVIDED,
                f"Une lettre d'engagement a été jointe à la place de la pièce « {attachment.label} », "
                "qui est exigée.",
            )
        else:
            ctx.add(RuleCode.MISSING_ATTACHMENT, f"La pièce obligatoire « {attachment.label} » manque.")


def _indicators(ctx: _Context) -> None:
    if not (ctx.call.funding and ctx.call.funding.indicator_required_per_action):
        return
    for index, action in ctx.actions():
        if not [indicator for indicator in action.indicators if indicator.name]:
            ctx.add(RuleCode.NO_INDICATOR, f"L'action {index} n'a aucun indicateur de suivi.", index)


def _quotes(ctx: _Context) -> None:
    if not (ctx.call.funding and ctx.call.funding.quote_required_per_action):
        return
    for index, action in ctx.actions():
        if not [quote for quote in action.quotes if (quote.file or "").strip()]:
            ctx.add(RuleCode.QUOTE_MISSING, f"L'action {index} n'a pas de devis.", index)


def _balance(ctx: _Context) -> None:
    for index, action in ctx.actions():
        total = action.requested + action.own_funding + action.other_funding_total
        if total.quantize(CENT) != action.cost.quantize(CENT):
            ctx.add(
                RuleCode.FINANCING_UNBALANCED,
                f"Action {index} : la demande ARS ({euros(action.requested)}), le financement propre "
                f"({euros(action.own_funding)}) et les autres financements ({euros(action.other_funding_total)}) "
                f"font {euros(total)}, pour un coût de {euros(action.cost)}.",
                index,
            )


def subsidy_cap(cost: Decimal, call: CallDefinition) -> Decimal:
    """The most the call's subsidy rate grants on a cost, rounded down to the cent (never above the rate)."""
    rate = call.funding.subsidy_rate if call.funding else Decimal(0)
    return (cost * rate / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)


def fundable_amount(requested: Decimal, cost: Decimal, call: CallDefinition) -> Decimal:
    """What an eligible action can be granted: its request, capped by the subsidy rate. One computation for the
    porteur's live totals, the findings and the allocation."""
    return min(requested, subsidy_cap(cost, call)).quantize(CENT)


def _cap(action: Action, call: CallDefinition) -> Decimal:
    return subsidy_cap(action.cost, call)


def _request_above_rate(ctx: _Context) -> None:
    funding = ctx.call.funding
    if not funding:
        return
    for index, action in ctx.actions():
        cap = _cap(action, ctx.call)
        if action.requested > cap:
            ctx.add(
                RuleCode.REQUEST_ABOVE_RATE,
                f"Action {index} : la demande ({euros(action.requested)}) dépasse {percent(funding.subsidy_rate)} "
                f"du coût ({euros(cap)}) ; le montant finançable est ramené à {euros(cap)}.",
                index,
            )


def _theme(ctx: _Context) -> None:
    catalog = ctx.call.catalog
    if not catalog.themes:
        return
    for index, action in ctx.actions():
        theme = ctx.call.theme(action.theme or "")
        if theme is None:
            ctx.add(
                RuleCode.THEME_NOT_ELIGIBLE,
                f"Action {index} : la thématique « {action.theme or 'non renseignée'} » n'est pas au catalogue "
                "de l'appel.",
                index,
            )
        elif action.axis and action.axis != theme.axis:
            ctx.add(
                RuleCode.THEME_NOT_ELIGIBLE,
                f"Action {index} : la thématique « {theme.title} » relève de l'axe {theme.axis}, pas de l'axe "
                f"{action.axis}.",
                index,
            )
        elif action.catalog_item and action.catalog_item not in {item.code for item in theme.items}:
            ctx.add(
                RuleCode.THEME_NOT_ELIGIBLE,
                f"Action {index} : l'action « {action.catalog_item} » n'est pas au catalogue de la thématique "
                f"« {theme.title} ».",
                index,
            )


def _excluded(ctx: _Context) -> None:
    funding = ctx.call.funding
    if not funding:
        return
    excluded_funders = {funder.upper() for funder in funding.excluded_funders}
    for index, action in ctx.actions():
        reasons = []
        if action.expense_nature in funding.excluded_expense_natures:
            reasons.append(
                f"sa nature de dépense (« {EXPENSE_NATURE_LABELS[action.expense_nature].lower()} »)"
            )
        funders = sorted(
            {
                other.funder
                for other in action.other_funding
                if other.amount > 0 and other.funder.upper() in excluded_funders
            }
        )
        if funders:
            reasons.append(f"un financement par {', '.join(funders)}")
        if action.funded_elsewhere:
            reasons.append("un financement déjà obtenu par ailleurs")
        if action.reimbursable_elsewhere:
            reasons.append("une prise en charge possible par un OPCO, l'ANFH ou la CARSAT")
        if action.training_plan and funding.training_plan_excluded:
            reasons.append("une formation relevant classiquement du plan de formation")
        if reasons:
            ctx.add(
                RuleCode.EXCLUDED_EXPENSE,
                f"Action {index} : dépense exclue de l'appel en raison de {' et de '.join(reasons)}.",
                index,
            )


def _motivation(ctx: _Context) -> None:
    for index, action in ctx.actions():
        theme = ctx.call.theme(action.theme or "")
        item = (
            next((item for item in theme.items if item.code == action.catalog_item), None) if theme else None
        )
        if item and item.requires_motivation and not (action.motivation or "").strip():
            ctx.add(
                RuleCode.MOTIVATION_REQUIRED,
                f"Action {index} : « {item.title} » n'est éligible que sur projet motivé, et la motivation manque.",
                index,
            )


def _consumption_deadline(ctx: _Context) -> None:
    deadline = ctx.call.calendar.consumption_deadline
    if deadline is None:
        return
    for index, action in ctx.actions():
        if action.end and action.end > deadline:
            ctx.add(
                RuleCode.ENDS_AFTER_CONSUMPTION_DEADLINE,
                f"Action {index} : fin prévue le {french_date(action.end)}, après la date limite de consommation "
                f"des crédits ({french_date(deadline)}).",
                index,
            )


def _beyond_months(ctx: _Context) -> None:
    funding = ctx.call.funding
    if not (funding and funding.realisation_max_months):
        return
    granted = grant_date(ctx)
    limit = add_months(granted, funding.realisation_max_months)
    for index, action in ctx.actions():
        if action.end and action.end > limit:
            ctx.add(
                RuleCode.BEYOND_24_MONTHS,
                f"Action {index} : fin prévue le {french_date(action.end)}, plus de "
                f"{funding.realisation_max_months} mois après l'octroi ({french_date(granted)}, limite le "
                f"{french_date(limit)}).",
                index,
            )


def _prior_unimplemented(ctx: _Context) -> None:
    prior = {action.reference: action for action in ctx.history.prior_actions}
    for index, action in ctx.actions():
        renewed = prior.get(action.renews_action or "")
        if renewed and not renewed.implemented:
            ctx.add(
                RuleCode.PRIOR_UNIMPLEMENTED,
                f"Action {index} : elle renouvelle l'action « {renewed.title} » ({renewed.reference}), financée par "
                f"l'appel {renewed.campaign} et non mise en œuvre.",
                index,
            )


def _prior_two_years(ctx: _Context) -> None:
    finess = (ctx.dossier.establishment.finess or "").strip()
    reference_day = (ctx.dossier.submitted_at or ctx.now).astimezone(PARIS).date()
    for prior in ctx.history.prior_actions:
        if prior.finess != finess or prior.implemented or prior.explained:
            continue
        if add_months(prior.granted_on, 24) <= reference_day:
            ctx.add(
                RuleCode.PRIOR_NOT_IMPLEMENTED_2Y,
                f"L'action « {prior.title} » ({prior.reference}), financée le {french_date(prior.granted_on)} par "
                f"l'appel {prior.campaign}, n'est pas mise en œuvre après 2 ans, sans explication.",
            )


def _partners(ctx: _Context) -> None:
    dossier = ctx.dossier
    if not dossier.is_mutualized:
        return
    if not dossier.partners:
        ctx.add(
            RuleCode.PARTNER_MISSING_FINESS,
            "Le dossier comporte des actions mutualisées mais n'identifie aucun établissement partenaire.",
        )
    for position, partner in enumerate(dossier.partners, start=1):
        if error := finess_error(partner.finess):
            name = partner.name or f"partenaire {position}"
            ctx.add(
                RuleCode.PARTNER_MISSING_FINESS, f"Le partenaire « {name} » n'est pas identifié : {error}"
            )


TRINOME_LABELS = {
    "direction": "la direction",
    "staff_representative": "un représentant du personnel (IRP)",
    "employee": "un salarié ou agent",
}


def _trinome(ctx: _Context) -> None:
    program = ctx.call.program
    if not program:
        return
    present = {member.role for member in ctx.dossier.trinome if member.name.strip()}
    missing = [TRINOME_LABELS.get(role, role) for role in program.trinome_roles if role not in present]
    if missing:
        ctx.add(RuleCode.TRINOME_INCOMPLETE, f"Le trinôme ne comprend pas {', ni '.join(missing)}.")


def _criteria(ctx: _Context) -> None:
    motivation = ctx.dossier.project.motivation
    for criterion in ctx.call.criteria:
        if not (motivation.get(criterion.code) or "").strip():
            ctx.add(
                RuleCode.CRITERIA_NOT_ADDRESSED,
                f"La motivation ne répond pas au critère « {criterion.title} ».",
            )


RULES: dict[RuleCode, Rule] = {
    RuleCode.DEADLINE_PASSED: _deadline,
    RuleCode.NO_ACTION: _no_action,
    RuleCode.TOO_MANY_ACTIONS: _too_many_actions,
    RuleCode.OUT_OF_REGION: _out_of_region,
    RuleCode.SECTOR_NOT_ELIGIBLE: _sector,
    RuleCode.FINESS_INVALID: _finess,
    RuleCode.SIRET_INVALID: _siret,
    RuleCode.DUPLICATE_DOSSIER: _duplicate,
    RuleCode.MISSING_ATTACHMENT: _attachments,
    RuleCode.NO_INDICATOR: _indicators,
    RuleCode.QUOTE_MISSING: _quotes,
    RuleCode.FINANCING_UNBALANCED: _balance,
    RuleCode.COFINANCING_TOO_LOW: own_share_on_totals,
    RuleCode.REQUEST_ABOVE_RATE: _request_above_rate,
    RuleCode.THEME_NOT_ELIGIBLE: _theme,
    RuleCode.EXCLUDED_EXPENSE: _excluded,
    RuleCode.MOTIVATION_REQUIRED: _motivation,
    RuleCode.ENDS_AFTER_CONSUMPTION_DEADLINE: _consumption_deadline,
    RuleCode.BEYOND_24_MONTHS: _beyond_months,
    RuleCode.STARTS_TOO_LATE: starts_too_late,
    RuleCode.PRIOR_UNIMPLEMENTED: _prior_unimplemented,
    RuleCode.PRIOR_NOT_IMPLEMENTED_2Y: _prior_two_years,
    RuleCode.PARTNER_MISSING_FINESS: _partners,
    RuleCode.TRINOME_INCOMPLETE: _trinome,
    RuleCode.CRITERIA_NOT_ADDRESSED: _criteria,
}
# DUERP_NOT_PROVIDED is decided with the missing attachments: one finding per absent document, never two.


def check_dossier(
    dossier: Dossier,
    call: CallDefinition,
    history: History | None = None,
    now: dt.datetime | None = None,
) -> CheckResult:
    """Runs every rule the call lists over the dossier; `now` only matters for drafts and history."""
    ctx = _Context(dossier, call, history or History(), now or dt.datetime.now(tz=dt.UTC))
    listed = {rule.code for rule in call.rules}
    for code, rule in RULES.items():
        if code in listed:
            rule(ctx)
    catalog_order = list(RuleCode)
    findings = tuple(
        sorted(ctx.findings, key=lambda finding: (finding.action or 0, catalog_order.index(finding.code)))
    )
    verdicts = []
    for index, action in enumerate(dossier.actions, start=1):
        eligible = not any(f.action == index and f.severity == Severity.ACTION for f in findings)
        fundable = fundable_amount(action.requested, action.cost, call) if eligible else Decimal("0.00")
        verdicts.append(ActionVerdict(index, eligible, fundable))
    return CheckResult(dossier.reference, dossier.campaign, findings, tuple(verdicts))
