"""The admissibility rules, one function per rule code: each reads the dossier, its call and its history and
adds findings whose message names the figure at fault. Which code runs which function, with its severity, label
and section, is in `eligibility.catalog`; the funding-plan rules are in `eligibility.funding_rules`.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from calls.definition import CallDefinition
from calls.vocabulary import (
    EXPENSE_NATURE_LABELS,
    LEGAL_STATUS_LABELS,
    SECTOR_LABELS,
    TRINOME_ROLE_IN_SENTENCE,
    Kind,
    RuleCode,
)
from qvct.months import add_months
from referential.identifiers import finess_error, siret_error

from .competence import COMPETENCE_LABELS, ars_competence
from .dossier import PARIS, Action, Dossier
from .funding_rules import CENT, grant_date, subsidy_cap
from .results import Finding, History, Severity
from .wording import euros, french_date, percent


@dataclass
class RuleContext:
    dossier: Dossier
    call: CallDefinition
    history: History
    now: dt.datetime
    severity_of: Mapping[RuleCode, Severity]  # from the catalog
    sources: Mapping[
        RuleCode, str
    ]  # the rules the call lists, each with its source text (`call.rule_source`)
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: RuleCode, message: str, action: int | None = None) -> None:
        source = self.sources.get(code, "")
        text = f"{message} Règle de l'appel : {source}" if source else message
        self.findings.append(Finding(code, self.severity_of[code], action, text, source))

    def actions(self) -> Iterator[tuple[int, Action]]:
        return enumerate(self.dossier.actions, start=1)


Rule = Callable[[RuleContext], None]


def deadline(ctx: RuleContext) -> None:
    deadline, submitted = ctx.call.calendar.deadline, ctx.dossier.submitted_at
    if deadline is None or submitted is None or submitted <= deadline:
        return
    ctx.add(
        RuleCode.DEADLINE_PASSED,
        f"Le dossier a été déposé le {french_date(submitted.astimezone(PARIS))} à "
        f"{submitted.astimezone(PARIS):%H:%M:%S} (heure de Paris), après la date limite du "
        f"{french_date(deadline.astimezone(PARIS))} à {deadline.astimezone(PARIS):%H:%M:%S}.",
    )


def no_action(ctx: RuleContext) -> None:
    if ctx.call.kind == Kind.FUNDING and not ctx.dossier.actions:
        ctx.add(RuleCode.NO_ACTION, "Le dossier ne présente aucune action à financer.")


def too_many_actions(ctx: RuleContext) -> None:
    funding = ctx.call.funding
    count = len(ctx.dossier.actions)
    if funding and count > funding.max_actions:
        ctx.add(
            RuleCode.TOO_MANY_ACTIONS,
            f"Le dossier compte {count} actions ; l'appel en autorise {funding.max_actions} au plus.",
        )


def out_of_region(ctx: RuleContext) -> None:
    department = (ctx.dossier.establishment.department or "").strip()
    if department and department not in ctx.call.departments:
        ctx.add(
            RuleCode.OUT_OF_REGION,
            f"L'établissement est situé dans le département {department}, qui n'est pas éligible à cet appel "
            f"(départements éligibles : {', '.join(ctx.call.departments)}).",
        )
    elif not department:
        ctx.add(RuleCode.OUT_OF_REGION, "Le département de l'établissement n'est pas renseigné.")


def _listed(codes, labels) -> str:
    return ", ".join(labels.get(code, code) for code in codes)


def sector(ctx: RuleContext) -> None:
    establishment, eligibility = ctx.dossier.establishment, ctx.call.eligibility
    if establishment.sector and establishment.sector not in eligibility.sectors:
        ctx.add(
            RuleCode.SECTOR_NOT_ELIGIBLE,
            f"Le secteur « {SECTOR_LABELS.get(establishment.sector, establishment.sector)} » de l'établissement "
            f"n'est pas éligible (secteurs éligibles : {_listed(eligibility.sectors, SECTOR_LABELS)}).",
        )
    if establishment.legal_status and establishment.legal_status not in eligibility.legal_statuses:
        status = LEGAL_STATUS_LABELS.get(establishment.legal_status, establishment.legal_status)
        ctx.add(
            RuleCode.SECTOR_NOT_ELIGIBLE,
            f"Le statut « {status} » de l'établissement n'est pas éligible "
            f"(statuts éligibles : {_listed(eligibility.legal_statuses, LEGAL_STATUS_LABELS)}).",
        )
    # « sous compétence exclusive ou conjointe ARS »: read from the FINESS category; an unlisted one is not judged.
    known = ars_competence(establishment.category) if eligibility.ars_competences else None
    if known and known[0] not in eligibility.ars_competences:
        competence, label = known
        accepted = " ou ".join(COMPETENCE_LABELS[c] for c in eligibility.ars_competences)
        ctx.add(
            RuleCode.SECTOR_NOT_ELIGIBLE,
            f"L'établissement (catégorie FINESS {establishment.category}, « {label} ») est "
            f"{COMPETENCE_LABELS[competence]} ; l'appel s'adresse aux établissements sous {accepted}.",
        )


def finess(ctx: RuleContext) -> None:
    if error := finess_error(ctx.dossier.establishment.finess):
        ctx.add(RuleCode.FINESS_INVALID, error)


def siret(ctx: RuleContext) -> None:
    siret = ctx.dossier.establishment.siret
    if siret and (error := siret_error(siret)):
        ctx.add(RuleCode.SIRET_INVALID, error)


def duplicate(ctx: RuleContext) -> None:
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


def attachments(ctx: RuleContext) -> None:
    given = {attachment.kind for attachment in ctx.dossier.attachments if (attachment.file or "").strip()}
    for attachment in ctx.call.required_attachments:
        if attachment.kind in given:
            continue
        substitutes = [kind for kind in attachment.refused_substitutes if kind in given]
        if substitutes and RuleCode.DUERP_NOT_PROVIDED in ctx.sources:
            ctx.add(
                RuleCode.DUERP_NOT_PROVIDED,
                f"Une lettre d'engagement a été jointe à la place de la pièce « {attachment.label} », "
                "qui est exigée.",
            )
        else:
            ctx.add(RuleCode.MISSING_ATTACHMENT, f"La pièce obligatoire « {attachment.label} » manque.")


def indicators(ctx: RuleContext) -> None:
    if not (ctx.call.funding and ctx.call.funding.indicator_required_per_action):
        return
    for index, action in ctx.actions():
        if not [indicator for indicator in action.indicators if indicator.name]:
            ctx.add(RuleCode.NO_INDICATOR, f"L'action {index} n'a aucun indicateur de suivi.", index)


def quotes(ctx: RuleContext) -> None:
    if not (ctx.call.funding and ctx.call.funding.quote_required_per_action):
        return
    for index, action in ctx.actions():
        if not [quote for quote in action.quotes if (quote.file or "").strip()]:
            ctx.add(RuleCode.QUOTE_MISSING, f"L'action {index} n'a pas de devis.", index)


def balance(ctx: RuleContext) -> None:
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


def _cap(action: Action, call: CallDefinition) -> Decimal:
    return subsidy_cap(action.cost, call)


def request_above_rate(ctx: RuleContext) -> None:
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


def theme(ctx: RuleContext) -> None:
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


def excluded(ctx: RuleContext) -> None:
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


def motivation(ctx: RuleContext) -> None:
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


def consumption_deadline(ctx: RuleContext) -> None:
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


def beyond_months(ctx: RuleContext) -> None:
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


def prior_unimplemented(ctx: RuleContext) -> None:
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


def prior_two_years(ctx: RuleContext) -> None:
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


def partners(ctx: RuleContext) -> None:
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


def trinome(ctx: RuleContext) -> None:
    program = ctx.call.program
    if not program:
        return
    present = {member.role for member in ctx.dossier.trinome if member.name.strip()}
    missing = [TRINOME_ROLE_IN_SENTENCE[role] for role in program.trinome_roles if role not in present]
    if missing:
        ctx.add(RuleCode.TRINOME_INCOMPLETE, f"Le trinôme ne comprend pas {', ni '.join(missing)}.")


def criteria(ctx: RuleContext) -> None:
    motivation = ctx.dossier.project.motivation
    for criterion in ctx.call.criteria:
        if not (motivation.get(criterion.code) or "").strip():
            ctx.add(
                RuleCode.CRITERIA_NOT_ADDRESSED,
                f"La motivation ne répond pas au critère « {criterion.title} ».",
            )
