"""French names, for templates, of what a dossier stores as codes: changed fields, documents, catalog, expenses."""

from django import template
from django.utils.text import capfirst

from calls.vocabulary import EXPENSE_NATURE_LABELS
from dossiers.models import Action, Document, Dossier, TrinomeMember

register = template.Library()

# One mapping: the verbose names the models already give their fields, and the trinôme's roles.
FIELD_LABELS = {
    **{field.name: capfirst(field.verbose_name) for field in Action._meta.fields},
    **{field.name: capfirst(field.verbose_name) for field in Dossier._meta.fields},
    **{str(role): capfirst(str(label)) for role, label in TrinomeMember._meta.get_field("role").choices},
}


@register.filter
def field_label(name) -> str:
    """`absenteeism_rate` → « Taux d'absentéisme (%) »."""
    return FIELD_LABELS.get(str(name), "Autre champ")


@register.filter
def document_kind(document: Document) -> str:
    """The call's name for this kind of document (« Avis du CSE »), never its code."""
    if document.action_id or document.kind == "quote":
        return "Devis"
    spec = document.dossier.call.spec
    attachment = next((a for a in spec.attachments if a.kind == document.kind), None)
    return attachment.label if attachment else "Autre pièce"


@register.filter
def action_catalog(action: Action) -> str:
    """« Axe 1, thématique « Troubles musculo-squelettiques », action « Lève-personne » » from the codes."""
    spec = action.dossier.call.spec
    axis = next((a for a in spec.catalog.axes if a.code == action.axis), None)
    theme = spec.theme(action.theme) if action.theme else None
    item = next((i for i in theme.items if i.code == action.catalog_item), None) if theme else None
    parts = [f"Axe {axis.code} « {axis.title} »" if axis else "Axe non précisé"]
    parts.append(f"thématique « {theme.title} »" if theme else "thématique non précisée")
    if item:
        parts.append(f"action du catalogue « {item.title} »")
    return ", ".join(parts)


@register.filter
def expense_nature(code) -> str:
    """`equipment` → « Équipement »."""
    return EXPENSE_NATURE_LABELS.get(str(code), "Autre dépense") if code else ""
