"""The intersession log page of an establishment: its trinôme and the ARACT write, the ARS reads."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from dossiers.services import DossierError
from qvct.dates import WindowedDateField
from qvct.forms import QvctForm, limited_text
from qvct.limits import EVALUATION_TEXT, REASON_TEXT

from .. import journal
from ..models import Experiment, Indicator, Meeting, SelfEvaluation
from .sessions import member_of

READERS = (Role.ESTABLISHMENT, Role.ARACT, Role.MANAGER)
WRITERS = (Role.ESTABLISHMENT, Role.ARACT)


def _date(label: str) -> WindowedDateField:
    return WindowedDateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _transversal() -> forms.BooleanField:
    return forms.BooleanField(
        label="Action transversale",
        help_text="Une action qui concerne aussi bien les établissements sanitaires que médico-sociaux.",
        required=False,
    )


class MeetingForm(QvctForm):
    kind = forms.ChoiceField(label="Type de réunion", choices=Meeting.Kind.choices)
    held_on = _date("Date")
    team = forms.CharField(label="Équipe ou participants", max_length=200)
    themes = limited_text("Thèmes abordés", REASON_TEXT, rows=3)
    outcomes = limited_text("Propositions ou décisions produites", REASON_TEXT, rows=3, required=False)


class ExperimentForm(QvctForm):
    title = forms.CharField(label="Ce qui est testé", max_length=200)
    description = limited_text("Description", REASON_TEXT, rows=3, required=False)
    starts_on = _date("Début")
    ends_on = _date("Fin")
    indicators = forms.CharField(
        label="Indicateurs de suivi",
        help_text="Un par ligne, l'unité entre parenthèses, par exemple : Taux d'absentéisme (%).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    transversal = _transversal()


class MeasurementForm(QvctForm):
    measured_on = _date("Date de la mesure")
    value = forms.DecimalField(label="Valeur", max_digits=12, decimal_places=2, localize=True)


class AdjustForm(QvctForm):
    adjustments = limited_text("Ajustements", REASON_TEXT, rows=3, required=False)
    transversal = _transversal()


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100000,
        error_messages={
            "required": "Indiquez un nombre.",
            "invalid": "Saisissez un nombre entier.",
            "min_value": "Le nombre ne peut pas être négatif.",
            "max_value": "Le nombre est trop grand.",
        },
    )


class EvaluationForm(QvctForm):
    agents_involved = _count("Nombre d'agents impliqués dans la démarche")
    actions_done = _count("Nombre d'actions menées")
    actions_continued = _count("Nombre d'actions poursuivies après l'expérimentation")
    appreciation = forms.TypedChoiceField(
        label="Appréciation d'ensemble de la démarche",
        choices=SelfEvaluation.Appreciation.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une appréciation entre 1 et 5."},
    )
    changes = limited_text("Ce qui a changé pour les équipes", EVALUATION_TEXT, rows=4)
    difficulties = limited_text("Difficultés rencontrées", EVALUATION_TEXT, rows=3, required=False)
    next_steps = limited_text(
        "Et après : ce que l'établissement prévoit", EVALUATION_TEXT, rows=3, required=False
    )

    def clean(self):
        data = super().clean()
        done, continued = data.get("actions_done"), data.get("actions_continued")
        if done is not None and continued is not None and continued > done:
            self.add_error(
                "actions_continued", "Les actions poursuivies ne peuvent pas dépasser les actions menées."
            )
        return data


class NoteForm(QvctForm):
    text = limited_text("Note de l'intervenante", REASON_TEXT, rows=4)


@role_required(*READERS)
def log(request, reference: str):
    member = member_of(request, reference)
    can_write = request.user.role in WRITERS
    experiments = list(
        Experiment.objects.filter(member=member).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements"))
        )
    )
    for experiment in experiments:
        experiment.measure_form = MeasurementForm(prefix=f"e{experiment.pk}") if can_write else None
        experiment.adjust_form = (
            AdjustForm(
                prefix=f"a{experiment.pk}",
                initial={"adjustments": experiment.adjustments, "transversal": experiment.transversal},
            )
            if can_write
            else None
        )
    evaluation = SelfEvaluation.objects.filter(member=member).first()
    initial = (
        {f: getattr(evaluation, f) for f in EvaluationForm.base_fields} if evaluation is not None else None
    )
    return render(
        request,
        "support/log.html",
        {
            "member": member,
            "cohort": member.cohort,
            "meetings": list(Meeting.objects.filter(member=member)),
            "experiments": experiments,
            "notes": list(member.notes.all()),
            "can_write": can_write,
            "is_facilitator": request.user.role == Role.ARACT,
            "meeting_form": MeetingForm(prefix="m"),
            "experiment_form": ExperimentForm(prefix="x"),
            "note_form": NoteForm(prefix="n"),
            "evaluation": evaluation,
            "evaluation_form": EvaluationForm(prefix="v", initial=initial) if can_write else None,
            "breadcrumb_data": {
                "current": f"Travaux intersessions — {member.dossier.establishment.display_name}"
            },
        },
    )


def _done(request, reference: str, action, form, success: str):
    if form.is_valid():
        try:
            action(form.cleaned_data)
            messages.success(request, success)
        except DossierError as error:
            messages.error(request, str(error))
    else:
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''} : {' '.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, f"Rien n'a été enregistré. {errors}")
    return redirect("support:log", reference=reference)


@require_POST
@role_required(*WRITERS)
def meeting(request, reference: str):
    member = member_of(request, reference)
    return _done(
        request,
        reference,
        lambda data: journal.meeting_add(member=member, user=request.user, **data),
        MeetingForm(request.POST, prefix="m"),
        "Réunion enregistrée.",
    )


@require_POST
@role_required(*WRITERS)
def experiment(request, reference: str):
    member = member_of(request, reference)
    return _done(
        request,
        reference,
        lambda data: journal.experiment_add(member=member, user=request.user, **data),
        ExperimentForm(request.POST, prefix="x"),
        "Expérimentation enregistrée.",
    )


@require_POST
@role_required(*WRITERS)
def measurement(request, reference: str, pk: int):
    member = member_of(request, reference)
    indicator = get_object_or_404(Indicator.objects.filter(experiment__member=member), pk=pk)
    return _done(
        request,
        reference,
        lambda data: journal.measurement_add(indicator=indicator, user=request.user, **data),
        MeasurementForm(request.POST, prefix=f"e{indicator.experiment_id}"),
        f"Mesure de « {indicator.name} » enregistrée.",
    )


@require_POST
@role_required(*WRITERS)
def adjust(request, reference: str, pk: int):
    member = member_of(request, reference)
    item = get_object_or_404(Experiment.objects.filter(member=member), pk=pk)
    return _done(
        request,
        reference,
        lambda data: journal.experiment_adjust(experiment=item, user=request.user, **data),
        AdjustForm(request.POST, prefix=f"a{item.pk}"),
        "Ajustements enregistrés.",
    )


@require_POST
@role_required(Role.ARACT)
def note(request, reference: str):
    member = member_of(request, reference)
    return _done(
        request,
        reference,
        lambda data: journal.note_add(member=member, user=request.user, **data),
        NoteForm(request.POST, prefix="n"),
        "Note enregistrée.",
    )


@require_POST
@role_required(*WRITERS)
def evaluation(request, reference: str):
    member = member_of(request, reference)
    return _done(
        request,
        reference,
        lambda data: journal.evaluation_save(member=member, user=request.user, **data),
        EvaluationForm(request.POST, prefix="v"),
        "Évaluation de l'établissement enregistrée.",
    )
