"""The French name of each admissibility rule, shown wherever a finding is named (never its code)."""

from calls.definition import RuleCode

RULE_LABELS: dict[str, str] = {
    RuleCode.DEADLINE_PASSED: "déposé après la date limite",
    RuleCode.NO_ACTION: "aucune action",
    RuleCode.TOO_MANY_ACTIONS: "trop d'actions",
    RuleCode.OUT_OF_REGION: "hors région",
    RuleCode.SECTOR_NOT_ELIGIBLE: "secteur ou statut non éligible",
    RuleCode.FINESS_INVALID: "FINESS invalide",
    RuleCode.SIRET_INVALID: "SIRET invalide",
    RuleCode.DUPLICATE_DOSSIER: "dossier en double",
    RuleCode.MISSING_ATTACHMENT: "pièce manquante",
    RuleCode.DUERP_NOT_PROVIDED: "DUERP absent",
    RuleCode.NO_INDICATOR: "action sans indicateur",
    RuleCode.QUOTE_MISSING: "devis manquant",
    RuleCode.FINANCING_UNBALANCED: "plan de financement déséquilibré",
    RuleCode.COFINANCING_TOO_LOW: "autofinancement insuffisant",
    RuleCode.REQUEST_ABOVE_RATE: "demande au-delà du taux",
    RuleCode.THEME_NOT_ELIGIBLE: "thématique non éligible",
    RuleCode.EXCLUDED_EXPENSE: "dépense exclue",
    RuleCode.MOTIVATION_REQUIRED: "motivation manquante",
    RuleCode.ENDS_AFTER_CONSUMPTION_DEADLINE: "fin après la date de consommation",
    RuleCode.BEYOND_24_MONTHS: "réalisation au-delà de la durée",
    RuleCode.STARTS_TOO_LATE: "début tardif après l'accord",
    RuleCode.PRIOR_UNIMPLEMENTED: "action antérieure non réalisée",
    RuleCode.PRIOR_NOT_IMPLEMENTED_2Y: "actions non réalisées depuis 2 ans",
    RuleCode.PARTNER_MISSING_FINESS: "partenaire sans FINESS",
    RuleCode.TRINOME_INCOMPLETE: "trinôme incomplet",
    RuleCode.CRITERIA_NOT_ADDRESSED: "critère non renseigné",
}


def rule_label(code: str) -> str:
    """« pièce manquante » for MISSING_ATTACHMENT; an unknown code gets a neutral name, never itself."""
    return RULE_LABELS.get(code, "constat")
