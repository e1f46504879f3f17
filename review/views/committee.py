"""The committee's pages: the manager assigns and reads the ranking; a member scores the dossiers given to them."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from calls.models import Call
from dossiers.models import Dossier
from dossiers.selectors import dossier_queryset
from dossiers.services import DossierError
from qvct.forms import QvctForm, limited_text
from qvct.limits import COMMENT_TEXT
from review import committee
from review.models import CommitteeAssignment, Interview


def _call_of_region(user, code: str) -> Call:
    return get_object_or_404(Call.objects.filter(region__agents=user).select_related("region"), code=code)


@role_required(Role.MANAGER, Role.INSTRUCTOR)
def committee_call(request, code: str):
    call = _call_of_region(request.user, code)
    members = committee.committee_members(call)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("dossiers") if v.isdigit()]
        chosen = [m for m in members if str(m.pk) in request.POST.getlist("members")]
        dossiers = list(Dossier.objects.filter(call=call, pk__in=ids).select_related("call"))
        if not dossiers or not chosen:
            messages.error(request, "Cochez au moins un dossier et un membre du comité.")
        else:
            try:
                created = committee.committee_assign(dossiers=dossiers, members=chosen, user=request.user)
                messages.success(request, f"{created} attribution(s) au comité ajoutée(s).")
            except DossierError as error:
                messages.error(request, str(error))
        return redirect("review:committee_call", code=code)
    page = request.GET.get("page", "")
    ranking = committee.ranking_page(call, int(page) if page.isdigit() and len(page) < 7 else 1)
    return render(
        request,
        "review/committee_call.html",
        {
            "call": call,
            "members": members,
            "ranking": ranking,
            "rows": ranking.rows,
            "previous_url": f"?page={ranking.number - 1}" if ranking.number > 1 else "",
            "next_url": f"?page={ranking.number + 1}" if ranking.has_next else "",
            "criteria": call.spec.criteria,
            "breadcrumb_data": {"current": f"Comité — {call.short_title}"},
        },
    )


@role_required(Role.COMMITTEE, Role.ARACT)
def my_assignments(request):
    assignments = (
        CommitteeAssignment.objects.filter(member=request.user)
        .select_related("dossier__establishment", "dossier__call")
        .order_by("submitted_at", "dossier__reference")
    )
    return render(
        request,
        "review/committee_assignments.html",
        {"assignments": list(assignments), "breadcrumb_data": {"current": "Mes dossiers à noter"}},
    )


def _assignment(request, reference: str) -> CommitteeAssignment:
    assignment = (
        CommitteeAssignment.objects.filter(member=request.user, dossier__reference=reference)
        .select_related("dossier")
        .first()
    )
    if assignment is None:
        raise Http404("Ce dossier ne vous est pas attribué.")
    return assignment


class ScoreForm(QvctForm):
    def __init__(self, *args, criteria=(), scores=None, prescores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        for criterion in criteria:
            current = scores.get(criterion.code)
            hint = prescores.get(criterion.code) if prescores else None
            help_text = f"Sur {criterion.max_score}, poids {criterion.weight}."
            if hint:
                help_text += f" Suggéré par les données : {hint.value} ({hint.reason})."
            self.fields[f"score_{criterion.code}"] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[("", "—")] + [(n, str(n)) for n in range(criterion.max_score + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.score if current else None,
                help_text=help_text,
            )
            self.fields[f"comment_{criterion.code}"] = limited_text(
                f"Commentaire — {criterion.title}",
                COMMENT_TEXT,
                rows=2,
                required=False,
                initial=current.comment if current else "",
            )


@role_required(Role.COMMITTEE, Role.ARACT)
def score(request, reference: str):
    assignment = _assignment(request, reference)
    dossier = dossier_queryset().get(pk=assignment.dossier_id)
    if committee.has_conflict(request.user, dossier):
        raise Http404("Vous avez déclaré un lien avec cet établissement.")
    criteria = dossier.call.spec.criteria
    scores = {s.criterion: s for s in assignment.scores.all()}
    hints = committee.prescores(dossier)
    form = ScoreForm(request.POST or None, criteria=criteria, scores=scores, prescores=hints)
    if request.method == "POST" and not assignment.submitted_at:
        form.is_valid()
        try:
            for criterion in criteria:
                if f"score_{criterion.code}" in form.errors:
                    continue
                committee.score_save(
                    assignment=assignment,
                    criterion=criterion.code,
                    score=form.cleaned_data.get(f"score_{criterion.code}"),
                    comment=form.cleaned_data.get(f"comment_{criterion.code}") or "",
                )
            if request.htmx:
                return render(
                    request,
                    "dossiers/includes/save_status.html",
                    {"saved_at": timezone.localtime(), "form": form},
                )
            if request.POST.get("operation") == "submit":
                assignment.refresh_from_db()
                committee.scores_submit(assignment=assignment)
                messages.success(request, f"Notation du dossier {reference} remise.")
                return redirect("review:my_assignments")
            messages.success(request, "Notation enregistrée.")
            return redirect("review:score", reference=reference)
        except DossierError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "review/score.html",
        {
            "assignment": assignment,
            "dossier": dossier,
            "form": form,
            "actions": list(dossier.actions.all()),
            "interview": Interview.objects.filter(dossier=dossier).first(),
            "breadcrumb_data": {
                "links": [{"url": reverse("review:my_assignments"), "title": "Mes dossiers à noter"}],
                "current": f"Noter {reference}",
            },
        },
    )


@require_POST
@role_required(Role.COMMITTEE, Role.ARACT)
def conflict(request, reference: str):
    assignment = _assignment(request, reference)
    try:
        committee.conflict_declare(
            member=request.user, dossier=assignment.dossier, note=request.POST.get("note", "")
        )
    except DossierError as error:
        messages.error(request, str(error))
        return redirect("review:score", reference=reference)
    messages.success(
        request, "Lien déclaré : ce dossier ne vous est plus attribué et vous ne pourrez pas le noter."
    )
    return redirect("review:my_assignments")
