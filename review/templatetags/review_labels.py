"""French words for what the instruction list stores as codes, so agents never read a rule code."""

from django import template

from review.forms import CODE_LABELS

register = template.Library()


@register.filter
def finding_labels(codes: str) -> list[str]:
    """« COFINANCING_TOO_LOW QUOTE_MISSING » → ["autofinancement insuffisant", "devis manquant"]."""
    labels = {str(code): label for code, label in CODE_LABELS.items()}
    return [labels.get(code, code) for code in (codes or "").split()]
