"""The complements request and the admissibility decision on one dossier."""

from django.contrib import messages
from django.shortcuts import redirect, render

from accounts.permissions import role_required
from dossiers.enums import DossierStatus
from dossiers.sections import TITLES, sections_of
from dossiers.services import DossierError
from dossiers.workflow import TRANSITIONS, TransitionError
from qvct.formats import date as french_date
from review import services
from review.forms import (
    ComplementsForm,
    DecisionForm,
)
from review.selectors import dossier_for_agent

from .common import AGENTS, dossier_breadcrumb


def complement_parts(dossier) -> list[tuple[str, str]]:
    """What can be asked for: each section, each action, each kind of attachment of the call."""
    parts = [(key, f"Section « {TITLES[key]} »") for key in sections_of(dossier)]
    for action in dossier.actions.all():
        parts.append((f"action:{action.pk}", f"Action {action.position} : {action.title}"))
    for attachment in dossier.call.spec.attachments:
        # Quotes belong to their action: asking for one means asking for that action.
        if attachment.kind != "quote":
            parts.append((f"piece:{attachment.kind}", f"Pièce : {attachment.label}"))
    return parts


@role_required(*AGENTS)
def complements(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    if DossierStatus(dossier.status) not in TRANSITIONS["request_complements"].source:
        messages.error(
            request,
            f"Des compléments ne peuvent pas être demandés pour un dossier « {dossier.get_status_display()} ».",
        )
        return redirect("review:dossier", reference=reference)
    parts = complement_parts(dossier)
    form = ComplementsForm(request.POST or None, parts=parts)
    if request.method == "POST" and form.is_valid():
        labels = dict(parts)
        try:
            services.complements_request(
                dossier=dossier,
                user=request.user,
                parts=[services.Part(key, labels[key]) for key in form.cleaned_data["parts"]],
                message=form.cleaned_data["message"],
                due_date=form.cleaned_data["due_date"],
            )
        except (DossierError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Compléments demandés jusqu'au {french_date(form.cleaned_data['due_date'])} ; "
                "l'établissement est prévenu par courriel.",
            )
            return redirect("review:dossier", reference=reference)
    if request.method == "GET":
        blocking = [f for f in dossier.findings if f["severity"] == "blocking"]
        form.initial["message"] = "\n".join(f"- {f['message']}" for f in blocking)
    return render(
        request,
        "review/complements.html",
        {
            "dossier": dossier,
            "form": form,
            "breadcrumb_data": dossier_breadcrumb(dossier, "Demander des compléments"),
        },
    )


@role_required(*AGENTS)
def decision(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    status = DossierStatus(dossier.status)
    allowed = {
        "admissible": status in TRANSITIONS["declare_admissible"].source,
        "inadmissible": status in TRANSITIONS["declare_inadmissible"].source,
    }
    if not any(allowed.values()):
        messages.error(
            request, f"Un dossier « {dossier.get_status_display()} » ne peut plus recevoir de décision."
        )
        return redirect("review:dossier", reference=reference)
    reasons = services.blocking_reasons(dossier)
    form = DecisionForm(
        request.POST or None,
        initial={"decision": "inadmissible" if reasons else "admissible", "reason": reasons},
    )
    form.fields["decision"].choices = [c for c in form.fields["decision"].choices if allowed[c[0]]]
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_decide(
                dossier=dossier,
                user=request.user,
                admissible=form.cleaned_data["decision"] == "admissible",
                reason=form.cleaned_data["reason"],
            )
        except (DossierError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Dossier déclaré {dossier.get_status_display().lower()} ; l'établissement est prévenu.",
            )
            return redirect("review:dossier", reference=reference)
    return render(
        request,
        "review/decision.html",
        {
            "dossier": dossier,
            "form": form,
            "reasons": reasons,
            "breadcrumb_data": dossier_breadcrumb(dossier, "Décision de recevabilité"),
        },
    )
