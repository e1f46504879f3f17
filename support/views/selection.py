"""The manager decides on each candidacy (retained, waiting list, not retained) and sends the letters."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from dossiers.models import Dossier
from dossiers.services import DossierError
from dossiers.workflow import TransitionError
from funding.batches import batches_context
from funding.models import NotificationBatch
from qvct.forms import QvctForm, limited_text
from qvct.limits import REASON_TEXT

from ..enums import SelectionOutcome
from ..letters import selection_letters_launch, selection_letters_resume
from ..selection import selection_board, selection_decide
from .common import call_breadcrumb, support_call


class DecisionForm(QvctForm):
    outcome = forms.ChoiceField(label="Décision", choices=SelectionOutcome.choices, widget=forms.RadioSelect)
    reason = limited_text("Motif ou observations", REASON_TEXT, rows=2, required=False)


@role_required(Role.MANAGER)
def selection(request, code: str):
    call = support_call(request.user, code)
    rows = selection_board(call)
    for row in rows:
        row.form = DecisionForm(prefix=f"d{row.dossier.pk}") if row.decidable else None
    return render(
        request,
        "support/selection.html",
        {"call": call, "rows": rows, "breadcrumb_data": call_breadcrumb(call, "Sélection")},
    )


@require_POST
@role_required(Role.MANAGER)
def decide(request, code: str, reference: str):
    call = support_call(request.user, code)
    dossier = get_object_or_404(
        Dossier.objects.filter(call=call).select_related("call", "establishment"), reference=reference
    )
    form = DecisionForm(request.POST, prefix=f"d{dossier.pk}")
    if not form.is_valid():
        messages.error(request, f"{dossier.establishment.display_name} : choisissez la décision.")
    else:
        try:
            selection_decide(
                dossier=dossier,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                f"{dossier.establishment.display_name} : "
                f"{SelectionOutcome(form.cleaned_data['outcome']).label.lower()}.",
            )
        except (DossierError, TransitionError) as error:
            messages.error(request, str(error))
    return redirect(f"{reverse('support:selection', args=[code])}#candidature-{dossier.pk}")


@role_required(Role.MANAGER)
def letters(request, code: str):
    call = support_call(request.user, code)
    if request.method == "POST":
        try:
            selection_letters_launch(call=call, user=request.user)
            messages.success(request, "Lot de lettres lancé : la progression s'affiche ci-dessous.")
        except DossierError as error:
            messages.error(request, str(error))
        return redirect("support:letters", code=code)
    template = "support/includes/batches.html" if request.htmx else "support/letters.html"
    return render(
        request,
        template,
        {
            "call": call,
            **batches_context(call, reverse("support:letters", args=[code]), "support:letters_resume"),
            "breadcrumb_data": call_breadcrumb(
                call,
                "Lettres",
                [{"url": reverse("support:selection", args=[code]), "title": "Sélection"}],
            ),
        },
    )


@require_POST
@role_required(Role.MANAGER)
def letters_resume(request, code: str, pk: int):
    """« Relancer » a stopped batch of selection letters."""
    call = support_call(request.user, code)
    batch = get_object_or_404(NotificationBatch, call=call, pk=pk)
    try:
        selection_letters_resume(batch=batch, user=request.user)
        messages.success(request, "Lot relancé : il reprend les candidatures pas encore notifiées.")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("support:letters", code=code)
