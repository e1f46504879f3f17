"""French words for what the instruction list stores as codes, so agents never read a rule code."""

from django import template

from eligibility.catalog import rule_label

register = template.Library()


@register.filter
def finding_labels(codes: str) -> list[str]:
    """« COFINANCING_TOO_LOW QUOTE_MISSING » → ["autofinancement insuffisant", "devis manquant"]."""
    return [rule_label(code) for code in (codes or "").split()]
