"""The rule catalog: per rule code, its severity, its French name, the section where the porteur fixes it, whether
it blocks filing, and the function that checks it. Every other place (engine, sections, instruction filters,
labels) reads this table; a call lists which codes apply to it (`rules` in its definition).

Severity: blocking findings make a dossier inadmissible; action findings make one action ineligible; warnings
inform. Blocking filing (`blocks_submission`): what a porteur must fix before filing (completeness, action count,
a balanced budget); the other blocking findings are shown to the porteur and decided by the ARS after filing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from calls.vocabulary import RuleCode

from . import rules
from .funding_rules import own_share_on_totals, starts_too_late
from .results import Severity

BLOCKING, ACTION, WARNING = Severity.BLOCKING, Severity.ACTION, Severity.WARNING


@dataclass(frozen=True)
class CatalogRule:
    code: RuleCode
    severity: Severity
    label: str  # what users read instead of the code
    section: str  # the dossier section where the porteur fixes it (action findings go to their action)
    blocks_submission: bool
    check: Callable[["rules.RuleContext"], None] | None  # None: decided by another rule's function


def _rule(code, severity, label, section, blocks, check) -> tuple[RuleCode, CatalogRule]:
    return code, CatalogRule(code, severity, label, section, blocks, check)


R = RuleCode
CATALOG: dict[RuleCode, CatalogRule] = dict(
    [
        _rule(R.DEADLINE_PASSED, BLOCKING, "déposé après la date limite", "depot", False, rules.deadline),
        _rule(R.NO_ACTION, BLOCKING, "aucune action", "actions", True, rules.no_action),
        _rule(R.TOO_MANY_ACTIONS, BLOCKING, "trop d'actions", "actions", True, rules.too_many_actions),
        _rule(R.OUT_OF_REGION, BLOCKING, "hors région", "identification", False, rules.out_of_region),
        _rule(
            R.SECTOR_NOT_ELIGIBLE,
            BLOCKING,
            "secteur ou statut non éligible",
            "identification",
            False,
            rules.sector,
        ),
        _rule(R.FINESS_INVALID, BLOCKING, "FINESS invalide", "identification", False, rules.finess),
        _rule(R.SIRET_INVALID, BLOCKING, "SIRET invalide", "identification", False, rules.siret),
        _rule(R.DUPLICATE_DOSSIER, BLOCKING, "dossier en double", "identification", False, rules.duplicate),
        _rule(R.MISSING_ATTACHMENT, BLOCKING, "pièce manquante", "pieces", True, rules.attachments),
        # Decided with the missing attachments: one finding per absent document, never two.
        _rule(R.DUERP_NOT_PROVIDED, BLOCKING, "DUERP absent", "pieces", True, None),
        _rule(R.NO_INDICATOR, BLOCKING, "action sans indicateur", "actions", True, rules.indicators),
        _rule(R.QUOTE_MISSING, BLOCKING, "devis manquant", "actions", True, rules.quotes),
        _rule(
            R.FINANCING_UNBALANCED,
            BLOCKING,
            "plan de financement déséquilibré",
            "actions",
            True,
            rules.balance,
        ),
        _rule(
            R.COFINANCING_TOO_LOW,
            BLOCKING,
            "autofinancement insuffisant",
            "actions",
            False,
            own_share_on_totals,
        ),
        _rule(
            R.REQUEST_ABOVE_RATE,
            WARNING,
            "demande au-delà du taux",
            "actions",
            False,
            rules.request_above_rate,
        ),
        _rule(R.THEME_NOT_ELIGIBLE, ACTION, "thématique non éligible", "actions", False, rules.theme),
        _rule(R.EXCLUDED_EXPENSE, ACTION, "dépense exclue", "actions", False, rules.excluded),
        _rule(R.MOTIVATION_REQUIRED, ACTION, "motivation manquante", "actions", True, rules.motivation),
        _rule(
            R.ENDS_AFTER_CONSUMPTION_DEADLINE,
            ACTION,
            "fin après la date de consommation",
            "actions",
            False,
            rules.consumption_deadline,
        ),
        _rule(
            R.BEYOND_24_MONTHS,
            WARNING,
            "réalisation au-delà de la durée",
            "actions",
            False,
            rules.beyond_months,
        ),
        _rule(R.STARTS_TOO_LATE, WARNING, "début tardif après l'accord", "actions", False, starts_too_late),
        _rule(
            R.PRIOR_UNIMPLEMENTED,
            BLOCKING,
            "action antérieure non réalisée",
            "actions",
            False,
            rules.prior_unimplemented,
        ),
        _rule(
            R.PRIOR_NOT_IMPLEMENTED_2Y,
            WARNING,
            "actions non réalisées depuis 2 ans",
            "actions",
            False,
            rules.prior_two_years,
        ),
        _rule(
            R.PARTNER_MISSING_FINESS, BLOCKING, "partenaire sans FINESS", "partenaires", True, rules.partners
        ),
        _rule(R.TRINOME_INCOMPLETE, BLOCKING, "trinôme incomplet", "trinome", True, rules.trinome),
        _rule(
            R.CRITERIA_NOT_ADDRESSED, BLOCKING, "critère non renseigné", "motivation", True, rules.criteria
        ),
    ]
)

SEVERITIES: dict[RuleCode, Severity] = {code: rule.severity for code, rule in CATALOG.items()}
SUBMISSION_BLOCKERS = frozenset(code for code, rule in CATALOG.items() if rule.blocks_submission)


def rule_label(code: str) -> str:
    """« pièce manquante » for MISSING_ATTACHMENT; an unknown code gets a neutral name, never itself."""
    rule = CATALOG.get(code)  # type: ignore[call-overload]
    return rule.label if rule else "constat"


def section_of(code: str) -> str:
    rule = CATALOG.get(code)  # type: ignore[call-overload]
    return rule.section if rule else "identification"
