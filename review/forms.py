"""Forms of the instruction: the list's filters, bulk operations, complements, decision, override, notes."""

import datetime as dt

from django import forms
from django.utils import timezone

from eligibility.catalog import CATALOG
from qvct.dates import WindowedDateField, date_problem
from qvct.formats import date as french_date
from qvct.forms import QvctForm, limited_text
from qvct.limits import ANNOTATION_TEXT, REASON_TEXT
from referential.enums import LegalGroup, Sector

from .selectors import COLUMNS, DEFAULT_COLUMNS, DEFAULT_SORT, DEFAULT_TAB, MAX_PAGE, TABS, ListQuery
from .services import complements_latest_due

ANY = [("", "Tous")]


class ListFilterForm(QvctForm):
    """The list's query string. Unknown or malformed values fall back to their default, never to an error."""

    q = forms.CharField(
        label="Rechercher", required=False, help_text="Nom de l'établissement, FINESS ou n° de dossier"
    )
    call = forms.TypedChoiceField(label="Appel", required=False, coerce=int, empty_value=None)
    department = forms.ChoiceField(label="Département", required=False)
    sector = forms.ChoiceField(label="Secteur", required=False, choices=ANY + list(Sector.choices))
    legal_group = forms.ChoiceField(
        label="Statut juridique", required=False, choices=ANY + list(LegalGroup.choices)
    )
    axis = forms.ChoiceField(label="Axe", required=False)
    theme = forms.ChoiceField(label="Thématique", required=False)
    finding = forms.ChoiceField(
        label="Constat",
        required=False,
        choices=ANY
        + [("bloquant", "Au moins un constat bloquant"), ("aucun", "Aucun constat")]
        + [(code.value, rule.label[:1].upper() + rule.label[1:]) for code, rule in CATALOG.items()],
    )
    assigned = forms.ChoiceField(label="Instructeur·rice", required=False)
    mutualized = forms.ChoiceField(
        label="Action mutualisée", required=False, choices=[*ANY, ("oui", "Oui"), ("non", "Non")]
    )
    tab = forms.ChoiceField(required=False, choices=[(key, label) for key, (label, _) in TABS.items()])
    sort = forms.ChoiceField(
        label="Trier par",
        required=False,
        choices=[(key, f"{c.label} (croissant)") for key, c in COLUMNS.items()]
        + [(f"-{key}", f"{c.label} (décroissant)") for key, c in COLUMNS.items()],
    )
    cols = forms.MultipleChoiceField(
        label="Colonnes affichées",
        required=False,
        choices=[(key, column.label) for key, column in COLUMNS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, calls=(), departments=(), instructors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = ANY + [(call.pk, f"{call.short_title} ({call.year})") for call in calls]
        self.fields["department"].choices = ANY + [(d.code, f"{d.code} — {d.name}") for d in departments]
        axes, themes = {}, {}
        for call in calls:
            catalog = call.definition.get("catalog") or {}
            for axis in catalog.get("axes", []):
                axes.setdefault(axis["code"], axis["title"])
            for theme in catalog.get("themes", []):
                themes.setdefault(theme["code"], theme["title"])
        self.fields["axis"].choices = ANY + sorted(axes.items())
        self.fields["theme"].choices = ANY + sorted(themes.items(), key=lambda item: item[1])
        self.fields["assigned"].choices = (
            ANY
            + [("moi", "Moi"), ("personne", "Personne")]
            + [(str(user.pk), user.get_full_name() or user.email) for user in instructors]
        )

    def query(self) -> ListQuery:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return ListQuery(
            call=data.get("call"),
            department=data.get("department") or "",
            sector=data.get("sector") or "",
            legal_group=data.get("legal_group") or "",
            axis=data.get("axis") or "",
            theme=data.get("theme") or "",
            finding=data.get("finding") or "",
            assigned=data.get("assigned") or "",
            mutualized=data.get("mutualized") or "",
            q=(data.get("q") or "").strip(),
            tab=data.get("tab") or DEFAULT_TAB,
            sort=data.get("sort") or DEFAULT_SORT,
            columns=[key for key in COLUMNS if key in (data.get("cols") or [])] or list(DEFAULT_COLUMNS),
            page=data.get("page") or 1,
        )


class BulkForm(forms.Form):
    dossiers = forms.TypedMultipleChoiceField(coerce=int)
    operation = forms.ChoiceField(
        choices=[
            ("assign", "Attribuer"),
            ("csv", "Exporter (CSV)"),
            ("xlsx", "Exporter (XLSX)"),
            ("ods", "Exporter (ODS)"),
        ]
    )
    assignee = forms.CharField(required=False)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = [(pk, pk) for pk in ids]


class SavedFilterForm(QvctForm):
    name = forms.CharField(label="Nom du filtre", max_length=80)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)


class ComplementsForm(QvctForm):
    parts = forms.MultipleChoiceField(
        label="Éléments à compléter ou corriger",
        widget=forms.CheckboxSelectMultiple,
        help_text="Le porteur ne pourra modifier que ces éléments.",
    )
    message = limited_text(
        "Ce qui manque ou doit être corrigé",
        REASON_TEXT,
        rows=6,
        help_text="Ce texte est envoyé au porteur et conservé dans l'historique.",
    )
    due_date = WindowedDateField(
        label="À fournir au plus tard le",
        help_text="Le porteur peut compléter jusqu'à ce jour inclus ; il est relancé deux jours avant.",
    )

    def __init__(self, *args, parts=(), default_days: int = 15, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = list(parts)
        self.fields["due_date"].initial = timezone.localdate() + dt.timedelta(days=default_days)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        today = timezone.localdate()
        if due <= today:
            raise forms.ValidationError(
                f"Choisissez une date postérieure à aujourd'hui ({french_date(today)})."
            )
        problem = date_problem(due, latest=complements_latest_due(today))
        if problem:
            raise forms.ValidationError(problem)
        return due


class DecisionForm(QvctForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("admissible", "Recevable"), ("inadmissible", "Irrecevable")],
        widget=forms.RadioSelect,
    )
    reason = limited_text(
        "Motifs communiqués au porteur",
        REASON_TEXT,
        rows=8,
        required=False,
        help_text="Obligatoires pour une irrecevabilité ; préremplis avec les constats bloquants retenus.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "inadmissible" and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason", "Indiquez les motifs de l'irrecevabilité : ils sont communiqués au porteur."
            )
        return cleaned


class OverrideForm(QvctForm):
    code = forms.CharField(widget=forms.HiddenInput)
    action = forms.IntegerField(widget=forms.HiddenInput, required=False)
    justification = limited_text(
        "Justification",
        REASON_TEXT,
        rows=3,
        min_length=10,
        help_text="Pourquoi ce constat ne doit pas être retenu ; conservée dans l'historique.",
    )


class AnnotationForm(QvctForm):
    text = limited_text(
        "Nouvelle annotation",
        ANNOTATION_TEXT,
        rows=3,
        help_text="Visible des seuls agents de l'ARS ; jamais communiquée à l'établissement.",
    )
