"""`{{ code|rule_label }}`: users read the rule's name from the catalog, never its code."""

from django import template

from eligibility.catalog import rule_label as catalog_label

register = template.Library()


@register.filter
def rule_label(code) -> str:
    """MISSING_ATTACHMENT → « pièce manquante »."""
    return catalog_label(str(code))
