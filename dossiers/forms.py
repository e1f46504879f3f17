"""Forms of the dossier, one per section; choices come from the call definition."""

from django import forms
from django.core.exceptions import ValidationError

from calls.definition import CallDefinition
from calls.vocabulary import EXPENSE_NATURE_LABELS, TrinomeRole
from qvct.dates import WindowedDateField
from qvct.fields import FrenchDecimalField, money_field
from qvct.forms import QvctForm, limited_text
from qvct.limits import ACTION_TEXT, CRITERION_TEXT, MESSAGE_TEXT, REASON_TEXT, SECTION_TEXT
from referential.identifiers import finess_error, normalize_identifier
from referential.models import Establishment

from .uploads import ACCEPTED, upload_limit_label


class IdentificationForm(QvctForm):
    contact_name = forms.CharField(label="Nom et fonction du contact", max_length=120)
    contact_email = forms.EmailField(
        label="Adresse électronique du contact", help_text="Format attendu : nom@domaine.fr"
    )
    contact_phone = forms.CharField(label="Téléphone du contact", max_length=20, required=False)
    ght = forms.CharField(label="Groupement hospitalier de territoire (GHT)", max_length=120, required=False)
    headcount = forms.IntegerField(label="Effectif total du personnel", min_value=0)
    fte_medical = FrenchDecimalField(
        label="ETP personnel médical",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text="Par exemple 98,5",
    )
    fte_non_medical = FrenchDecimalField(
        label="ETP personnel non médical",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text="Par exemple 801,5",
    )
    beds_and_places = forms.IntegerField(label="Nombre de lits et places", min_value=0)
    absenteeism_rate = FrenchDecimalField(
        label="Taux d'absentéisme (%)",
        unit="%",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text="Par exemple 8,9 pour 8,9 %",
    )
    turnover_rate = FrenchDecimalField(
        label="Taux de turn-over (%)",
        unit="%",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text="Par exemple 11,2 pour 11,2 %",
    )

    def __init__(self, *args, support_program: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if support_program:
            # The identification sheet of an accompaniment asks for less: the figures stay optional.
            for name in (
                "fte_medical",
                "fte_non_medical",
                "beds_and_places",
                "absenteeism_rate",
                "turnover_rate",
            ):
                self.fields[name].required = False


class ProjectForm(QvctForm):
    scope = limited_text("Nature des pôles ou de l'établissement concernés", SECTION_TEXT, rows=3)
    diagnostic = limited_text(
        "Présentation du projet : modalités de réalisation du diagnostic et principaux résultats",
        SECTION_TEXT,
        rows=6,
    )
    objectives = limited_text("Objectifs poursuivis et résultats attendus", SECTION_TEXT)
    schedule = limited_text("Calendrier et modalités de mise en œuvre", SECTION_TEXT)
    follow_up = limited_text("Modalités de suivi du contrat (forme, support et calendrier)", SECTION_TEXT)


class MotivationForm(QvctForm):
    """One text per selection criterion of the call."""

    def __init__(self, *args, spec: CallDefinition, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in spec.criteria:
            self.fields[criterion.code] = limited_text(
                criterion.title,
                CRITERION_TEXT,
                rows=5,
                help_text=criterion.description or "Développez ce critère en quelques paragraphes.",
            )


class TrinomeForm(QvctForm):
    direction_name = forms.CharField(label="Direction : nom et fonction", max_length=120)
    direction_email = forms.EmailField(label="Direction : adresse électronique", required=False)
    staff_representative_name = forms.CharField(
        label="Représentant·e du personnel (IRP) : nom", max_length=120
    )
    staff_representative_email = forms.EmailField(
        label="Représentant·e du personnel : adresse électronique", required=False
    )
    employee_name = forms.CharField(label="Salarié·e ou agent : nom et fonction", max_length=120)
    employee_email = forms.EmailField(label="Salarié·e ou agent : adresse électronique", required=False)

    ROLES = tuple(TrinomeRole)

    def members(self) -> dict[str, tuple[str, str]]:
        return {
            role: (self.cleaned_data[f"{role}_name"], self.cleaned_data[f"{role}_email"])
            for role in self.ROLES
        }


def catalog_choices(spec: CallDefinition) -> tuple[list, list]:
    themes = [("", "Choisir une thématique")]
    for axis in spec.catalog.axes:
        themes.append(
            (
                f"Axe {axis.code} — {axis.title}",
                [(theme.code, theme.title) for theme in spec.axis_themes(axis.code)],
            )
        )
    items = [("", "Action décrite librement dans la thématique")]
    for theme in spec.catalog.themes:
        items.append(
            (
                theme.title,
                [
                    (item.code, f"{item.title}{' (sur projet motivé)' if item.requires_motivation else ''}")
                    for item in theme.items
                ],
            )
        )
    return themes, items


class CatalogSelect(forms.Select):
    """The catalog's actions, each marked with its theme, so that the page lists only the chosen theme's."""

    theme_of: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.theme_of:
            option["attrs"]["data-theme"] = self.theme_of[value]
        return option


class ActionForm(QvctForm):
    title = forms.CharField(
        label="Intitulé de l'action",
        max_length=200,
        help_text="Exemple : 1 achat de verticalisateur = 1 action",
    )
    theme = forms.ChoiceField(label="Thématique (axe → thématique)")
    catalog_item = forms.ChoiceField(label="Action du catalogue", required=False, widget=CatalogSelect)
    description = limited_text("Description", ACTION_TEXT)
    motivation = limited_text(
        "Motivation (exigée pour les actions « sur projet motivé »)", ACTION_TEXT, required=False
    )
    start = WindowedDateField(label="Début prévu")
    end = WindowedDateField(label="Fin prévue")
    agents_concerned = forms.IntegerField(label="Nombre d'agents concernés", min_value=0)
    mutualized = forms.BooleanField(label="Action mutualisée avec d'autres établissements", required=False)
    expense_nature = forms.ChoiceField(label="Nature de la dépense")
    cost = money_field(label="Coût total (€)")
    requested = money_field(label="Demande ARS (€)")
    own_funding = money_field(label="Financement propre (€)")
    funded_elsewhere = forms.BooleanField(
        label="Cette action est déjà financée par ailleurs (CNR, CARSAT, OPCA…)", required=False
    )
    reimbursable_elsewhere = forms.BooleanField(
        label="Cette action peut être remboursée par un OPCO, l'ANFH ou prise en charge par la CARSAT",
        required=False,
    )
    training_plan = forms.BooleanField(
        label="Cette action est une formation relevant classiquement du plan de formation de l'établissement",
        required=False,
    )
    renews_action = forms.ChoiceField(
        label="Cette action renouvelle une action financée par un appel précédent",
        required=False,
        help_text="Une action financée et non mise en œuvre ne peut pas être financée à nouveau.",
    )

    DESCRIPTION_FIELDS = (
        "title",
        "theme",
        "catalog_item",
        "description",
        "motivation",
        "start",
        "end",
        "agents_concerned",
        "mutualized",
        "expense_nature",
        "renews_action",
    )
    FUNDING_FIELDS = (
        "cost",
        "requested",
        "own_funding",
        "funded_elsewhere",
        "reimbursable_elsewhere",
        "training_plan",
    )

    def description_fields(self):
        return [self[name] for name in self.DESCRIPTION_FIELDS if name in self.fields]

    def funding_fields(self):
        return [self[name] for name in self.FUNDING_FIELDS if name in self.fields]

    def __init__(self, *args, spec: CallDefinition, renewable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        # The establishment's earlier funded actions (monitoring.history.renewable_choices); none, no field.
        if renewable:
            self.fields["renews_action"].choices = [("", "Aucune : action nouvelle"), *renewable]
        else:
            del self.fields["renews_action"]
        self.fields["theme"].choices, self.fields["catalog_item"].choices = catalog_choices(spec)
        # The page lists only the chosen theme's catalog actions (qvct.js); without script, all, by theme.
        self.fields["catalog_item"].widget.theme_of = {
            item.code: theme.code for theme in spec.catalog.themes for item in theme.items
        }
        self.fields["theme"].widget.attrs["data-catalog-field"] = "id_catalog_item"
        # The page shows the motivation only for the catalog items that require one (qvct.js).
        motivated = [
            item.code for theme in spec.catalog.themes for item in theme.items if item.requires_motivation
        ]
        self.fields["catalog_item"].widget.attrs.update(
            {"data-motivated": " ".join(motivated), "data-motivation-field": "id_motivation"}
        )
        self.fields["expense_nature"].choices = [("", "Choisir une nature"), *EXPENSE_NATURE_LABELS.items()]
        if not (spec.funding and spec.funding.training_plan_excluded):
            del self.fields["training_plan"]

    def clean(self):
        data = super().clean()
        theme = self.spec.theme(data.get("theme") or "")
        item_code = data.get("catalog_item")
        if theme and item_code and item_code not in {item.code for item in theme.items}:
            self.add_error(
                "catalog_item", f"Cette action n'appartient pas à la thématique « {theme.title} »."
            )
        item = next((i for i in theme.items if i.code == item_code), None) if theme else None
        if item and item.requires_motivation and not data.get("motivation", "").strip():
            self.add_error(
                "motivation", f"« {item.title} » n'est éligible que sur projet motivé : motivez la demande."
            )
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin prévue doit suivre le début.")
        data["axis"] = theme.axis if theme else ""
        return data


class OtherFundingForm(QvctForm):
    funder = forms.CharField(label="Autre financeur", max_length=120, required=False)
    amount = money_field(label="Montant (€)", required=False)

    def clean(self):
        data = super().clean()
        if data.get("funder") and data.get("amount") is None:
            self.add_error("amount", "Indiquez le montant de ce financeur (0 s'il ne contribue pas).")
        if data.get("amount") and not data.get("funder"):
            self.add_error("funder", "Indiquez le nom du financeur.")
        return data


class IndicatorForm(QvctForm):
    name = forms.CharField(label="Indicateur de suivi", max_length=200, required=False)
    unit = forms.CharField(label="Unité", max_length=60, required=False)
    baseline = forms.CharField(label="Valeur de départ", max_length=60, required=False)
    target = forms.CharField(label="Cible", max_length=60, required=False)

    def clean(self):
        data = super().clean()
        if (data.get("unit") or data.get("baseline") or data.get("target")) and not data.get("name"):
            self.add_error("name", "Nommez l'indicateur.")
        return data


OtherFundingFormSet = forms.formset_factory(OtherFundingForm, extra=2, max_num=6)
IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, max_num=8)


def _upload_help() -> str:
    return f"{ACCEPTED} ; {upload_limit_label()} au plus (1 Mo = 1 000 000 octets)"


class DocumentForm(QvctForm):
    # Empty files reach check_upload, which says plainly « le fichier … est vide ».
    file = forms.FileField(label="Fichier", allow_empty_file=True)

    def __init__(self, *args, kinds: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _upload_help()
        if kinds:
            self.fields["kind"] = forms.ChoiceField(label="Nature de la pièce", choices=kinds)
            self.order_fields(["kind", "file"])


class QuoteForm(QvctForm):
    file = forms.FileField(label="Devis", allow_empty_file=True)
    supplier = forms.CharField(label="Fournisseur", max_length=120, required=False)
    amount = money_field(label="Montant du devis (€)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _upload_help()


class WithdrawForm(QvctForm):
    reason = limited_text("Motif du désistement", REASON_TEXT)


class PartnersForm(QvctForm):
    finess = forms.CharField(
        label="Numéros FINESS des établissements partenaires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un numéro FINESS par ligne ; chaque établissement doit figurer au référentiel.",
    )

    def clean_finess(self):

        numbers = [
            normalize_identifier(line) for line in self.cleaned_data["finess"].splitlines() if line.strip()
        ]
        errors = [error for number in numbers if (error := finess_error(number))]
        if errors:
            raise ValidationError(errors)
        found = {e.finess: e for e in Establishment.objects.filter(finess__in=numbers)}
        unknown = [number for number in numbers if number not in found]
        if unknown:
            raise ValidationError(
                f"Établissement(s) introuvable(s) au référentiel FINESS : {', '.join(unknown)}."
            )
        return [found[number] for number in dict.fromkeys(numbers)]


class MessageForm(QvctForm):
    body = limited_text("Message", MESSAGE_TEXT)
    attachment = forms.FileField(label="Pièce jointe", required=False, allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = _upload_help()
