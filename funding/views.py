"""The campaign manager's simulation page: scenarios of the envelope, compared side by side, one chosen."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.db.models.fields.json import KeyTransform
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from calls.models import Call
from dossiers.services import DossierError
from dossiers.views.common import stored_file_response
from funding.exports import DECISIONS, LETTERS
from qvct.fields import FrenchNumberError, money_field, parse_french_decimal
from qvct.forms import QvctForm
from qvct.limits import REASON_TEXT
from qvct.templatetags.qvct_format import euros, format_number
from review.committee import unscored_references

from . import background, services
from . import notifications as letters
from .allocation_input import METHOD_DESCRIPTIONS, Method
from .batches import batches_context
from .floors import parse_floors
from .models import Decision, Letter, NotificationBatch, Scenario, ScenarioRun
from .recoveries import recoveries
from .selectors import decided_dossier_for

RECENT_RUNS = 3  # background runs shown on the simulation page


class ScenarioForm(QvctForm):
    name = forms.CharField(label="Nom du scénario", max_length=80, required=False)
    envelope = money_field(label="Enveloppe (€)", max_digits=14)
    method = forms.ChoiceField(
        label="Méthode",
        choices=list(METHOD_DESCRIPTIONS.items()),
        widget=forms.RadioSelect,
        initial=Method.OPTIMAL,
    )
    partial = forms.BooleanField(label="Autoriser un financement partiel des actions", required=False)
    floors = forms.CharField(
        label="Planchers par département",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Un par ligne ou séparés par des points-virgules, par exemple 08=150000 ; 55=120 000,50.",
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call

    def clean(self):
        cleaned = super().clean()
        if "envelope" in cleaned:
            try:
                cleaned["floors"] = parse_floors(
                    cleaned.get("floors", ""),
                    departments=self.call.spec.departments,
                    envelope=cleaned["envelope"],
                )
            except DossierError as error:
                self.add_error("floors", str(error))
        return cleaned


def _call(user, code: str) -> Call:
    return get_object_or_404(Call.objects.filter(region__agents=user), code=code)


@role_required(Role.MANAGER)
def simulation(request, code: str):
    call = _call(request.user, code)
    form = ScenarioForm(request.POST or None, call=call, initial={"envelope": call.envelope})
    if request.method == "POST" and form.is_valid():
        try:
            outcome = background.scenario_launch(
                call=call,
                user=request.user,
                name=form.cleaned_data["name"],
                envelope=form.cleaned_data["envelope"],
                method=form.cleaned_data["method"],
                partial=form.cleaned_data["partial"],
                floors=form.cleaned_data["floors"],
            )
        except DossierError as error:
            form.add_error(None, str(error))
        else:
            if isinstance(outcome, ScenarioRun):
                messages.success(
                    request, "Le scénario se calcule en arrière-plan : sa progression s'affiche ci-dessous."
                )
                return redirect("funding:simulation", code=code)
            messages.success(request, f"Scénario « {outcome.name} » calculé.")
            return redirect(f"{reverse('funding:simulation', args=[code])}?a={outcome.pk}")
    runs = list(ScenarioRun.objects.filter(call=call).select_related("launched_by", "scenario")[:RECENT_RUNS])
    running = any(run.finished_at is None for run in runs)
    if request.htmx:
        return render(request, "funding/includes/runs.html", {"call": call, "runs": runs, "running": running})
    # The list shows each scenario's granted total, not its problem and result (a national call's are megabytes).
    scenarios = list(
        Scenario.objects.filter(call=call)
        .defer("problem", "result")
        .annotate(granted_total=KeyTransform("total", "result"))
    )
    picked = [pk for pk in request.GET.getlist("a") + request.GET.getlist("b") if pk.isdigit()]
    chosen = list(Scenario.objects.filter(call=call, pk__in=picked[:2]).defer("problem")) if picked else []
    summaries = [services.summary(s) for s in chosen[:2]]
    for item in summaries:
        item.deduction, item.net = recoveries().net_of_scenario(call, item.funded, item.total)
    only = []
    if len(summaries) == 2:
        first, second = summaries
        only = [
            (first.scenario.name, sorted(first.funded - second.funded)),
            (second.scenario.name, sorted(second.funded - first.funded)),
        ]
    departments = sorted({d for s in summaries for d in s.by_department})
    axes = sorted({a for s in summaries for a in s.by_axis})
    return render(
        request,
        "funding/simulation.html",
        {
            "call": call,
            "form": form,
            "runs": runs,
            "running": running,
            "scenarios": scenarios,
            "summaries": summaries,
            "department_rows": [
                (d, [s.by_department.get(d, Decimal(0)) for s in summaries]) for d in departments
            ],
            "axis_rows": [(a, [s.by_axis.get(a, Decimal(0)) for s in summaries]) for a in axes],
            "only": only,
            "unscored": unscored_references(call),
            "breadcrumb_data": {"current": f"Simulation — {call.short_title}"},
        },
    )


@require_POST
@role_required(Role.MANAGER)
def choose(request, code: str, pk: int):
    call = _call(request.user, code)
    scenario = get_object_or_404(Scenario, call=call, pk=pk)
    services.scenario_choose(scenario=scenario, user=request.user)
    messages.success(request, f"Scénario « {scenario.name} » retenu.")
    return redirect(f"{reverse('funding:simulation', args=[code])}?a={scenario.pk}")


def _chosen(call: Call) -> Scenario | None:
    return Scenario.objects.filter(call=call, chosen_at__isnull=False).first()


@role_required(Role.MANAGER)
def decisions(request, code: str):

    call = _call(request.user, code)
    scenario = _chosen(call)
    rows = (
        list(
            Decision.objects.filter(scenario=scenario).select_related(
                "dossier__establishment", "action", "adjusted_by"
            )
        )
        if scenario
        else []
    )
    total = sum((row.granted for row in rows), Decimal(0))
    over = total - scenario.envelope if scenario and total > scenario.envelope else None
    deductions = recoveries().deduction_rows(call, rows)
    return render(
        request,
        "funding/decisions.html",
        {
            "call": call,
            "scenario": scenario,
            "rows": rows,
            "total": total,
            "deductions": deductions,
            "reason_limit": REASON_TEXT,
            "reason_hint": f"{format_number(REASON_TEXT)} caractères maximum.",
            "over": over,
            "export": DECISIONS,
            "export_extra": [("appel", call.code)],
            "breadcrumb_data": {
                "links": [
                    {
                        "url": reverse("funding:simulation", args=[code]),
                        "title": f"Simulation — {call.short_title}",
                    }
                ],
                "current": "Décisions de financement",
            },
        },
    )


@require_POST
@role_required(Role.MANAGER)
def decisions_action(request, code: str):
    call = _call(request.user, code)
    scenario = _chosen(call)
    if scenario is None:
        messages.error(request, "Retenez d'abord un scénario.")
        return redirect("funding:simulation", code=code)
    try:
        if request.POST.get("operation") == "validate":
            services.decisions_validate(scenario=scenario, user=request.user)
            messages.success(
                request, "Décisions validées et verrouillées ; les dossiers sont retenus ou non retenus."
            )
        else:
            count = services.decisions_prepare(scenario=scenario, user=request.user)
            messages.success(request, f"{count} décision(s) préparée(s) depuis « {scenario.name} ».")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("funding:decisions", code=code)


@require_POST
@role_required(Role.MANAGER)
def decision_adjust(request, code: str, pk: int):

    call = _call(request.user, code)
    decision = get_object_or_404(
        Decision.objects.select_related("scenario", "action", "dossier"), pk=pk, scenario__call=call
    )
    try:
        amount = parse_french_decimal(request.POST.get("granted", ""), units=("€",))
    except FrenchNumberError as error:
        messages.error(request, f"Le montant accordé doit être un nombre : {error}")
        return redirect("funding:decisions", code=code)
    try:
        total = services.decision_adjust(
            decision=decision,
            user=request.user,
            granted=amount,
            reason=request.POST.get("reason", ""),
            justification=request.POST.get("justification", ""),
        )
        messages.success(
            request,
            f"Décision de l'action {decision.action.position} de {decision.dossier.reference} ajustée.",
        )
        if total > decision.scenario.envelope:
            messages.warning(
                request,
                f"Le total accordé dépasse l'enveloppe de {euros(total - decision.scenario.envelope)} : "
                "réduisez d'autres décisions avant de valider.",
            )
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("funding:decisions", code=code)


@role_required(Role.MANAGER)
def notifications(request, code: str):

    call = _call(request.user, code)
    if request.method == "POST":
        try:
            letters.notifications_launch(call=call, user=request.user)
            messages.success(request, "Lot de notifications lancé : la progression s'affiche ci-dessous.")
        except DossierError as error:
            messages.error(request, str(error))
        return redirect("funding:notifications", code=code)
    template = "funding/includes/batches.html" if request.htmx else "funding/notifications.html"
    return render(
        request,
        template,
        {
            "call": call,
            **batches_context(
                call, reverse("funding:notifications", args=[code]), "funding:notifications_resume"
            ),
            "export": LETTERS,
            "export_extra": [("appel", call.code)],
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("funding:decisions", args=[code]), "title": "Décisions de financement"}
                ],
                "current": "Notifications",
            },
        },
    )


@require_POST
@role_required(Role.MANAGER)
def notifications_resume(request, code: str, pk: int):
    """« Relancer » a stopped batch of the call."""
    call = _call(request.user, code)
    batch = get_object_or_404(NotificationBatch, call=call, pk=pk)
    try:
        letters.notifications_resume(batch=batch, user=request.user)
        messages.success(request, "Lot relancé : il reprend les dossiers pas encore notifiés.")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("funding:notifications", code=code)


def letter_download(request, reference: str):
    """The notification letter, for its audience only (`selectors.decided_dossier_for`)."""
    letter = get_object_or_404(Letter, dossier=decided_dossier_for(request.user, reference))
    return stored_file_response(letter.file, f"notification-{reference}.pdf", "application/pdf")
