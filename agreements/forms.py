"""The back-office form of a call's convention template: the text is checked before it is saved."""

from django import forms

from .convention_template import (
    ACTION_FIELDS,
    FILTERS,
    VALUES,
    ConventionTemplateError,
    check_convention_template,
)
from .models import ConventionTemplate

HELP_TEXT = (
    "Texte HTML de la convention. Valeurs du dossier, à écrire entre {{ et }} : "
    + " ; ".join(
        f"{{{{ {name} }}}} ({meaning})" for name, meaning in VALUES.items() if name != "mention_financement"
    )
    + ". Pour chaque action : "
    + " ; ".join(f"{{{{ action.{name} }}}} ({meaning})" for name, meaning in ACTION_FIELDS.items())
    + ". Seules les balises {% if … %}…{% endif %} et {% for … in … %}…{% endfor %} sont permises, avec les "
    f"filtres {', '.join(FILTERS)}. Le texte ne peut charger ni image, ni feuille de style, ni fichier. "
    "Le guide des agents (docs/user-guide/agents.md) donne un exemple."
)


class ConventionTemplateForm(forms.ModelForm):
    class Meta:
        model = ConventionTemplate
        fields = ["call", "body"]
        help_texts = {"body": HELP_TEXT}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        try:
            check_convention_template(body)
        except ConventionTemplateError as error:
            raise forms.ValidationError(f"Ce modèle ne peut pas être utilisé : {error}.") from None
        return body
