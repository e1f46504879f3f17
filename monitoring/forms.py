"""Forms of the follow-up: French dates and amounts, the errors said in French, nothing saved on a bad input."""

from django import forms

from qvct.dates import WindowedDateField
from qvct.fields import money_field
from qvct.forms import QvctForm, limited_text
from qvct.limits import REASON_TEXT

from .enums import Progress


class ProgressForm(QvctForm):
    progress = forms.ChoiceField(label="Avancement", choices=Progress.choices, widget=forms.RadioSelect)
    started_on = WindowedDateField(label="Commencée le", required=False)
    done_on = WindowedDateField(label="Réalisée le", required=False)
    reason = limited_text("Motif de l'abandon", REASON_TEXT, rows=2, required=False)


class MeasurementForm(QvctForm):
    indicator = forms.ChoiceField(label="Indicateur")
    measured_on = WindowedDateField(label="Date de la mesure")
    value = forms.CharField(label="Valeur mesurée", max_length=60)
    comment = forms.CharField(label="Commentaire", max_length=300, required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (str(i.pk), f"{i.name} (départ {i.baseline or '—'}, cible {i.target or '—'})") for i in indicators
        ]


class LineForm(QvctForm):
    invoice_date = WindowedDateField(label="Date de la facture")
    supplier = forms.CharField(label="Fournisseur", max_length=120)
    amount = money_field(label="Montant de la facture (€)", min_value=None)
    nature = forms.ChoiceField(label="Nature de la dépense")
    invoice = forms.FileField(label="Facture (PDF)")

    def __init__(self, *args, natures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nature"].choices = list((natures or {}).items())

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None or amount <= 0:
            raise forms.ValidationError("Le montant de la facture doit être positif.")
        return amount


class LineDocumentForm(QvctForm):
    invoice = forms.FileField(label="Pièce demandée (PDF)")


class LineDecisionForm(QvctForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accept", "Accepter"), ("reject", "Rejeter"), ("request_document", "Demander une pièce")],
    )
    reason = limited_text("Motif (lu par l'établissement)", REASON_TEXT, rows=2, required=False)


class ReportForm(QvctForm):
    comment = limited_text("Commentaire sur la période", REASON_TEXT, rows=3, required=False)


class RescheduleForm(QvctForm):
    due_on = WindowedDateField(label="Nouvelle échéance")


def first_error(form: forms.Form) -> str:
    """« Montant de la facture (€) : Saisissez un nombre. » — the first error with its field's label."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label} : {errors[0]}" if label else errors[0]
    return "Le formulaire est incomplet."
