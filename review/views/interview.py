"""The ARACT's preliminary interviews with the candidates to a support programme."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.enums import Role
from accounts.permissions import role_required
from calls.enums import CallKind
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from qvct.dates import WindowedDateField
from qvct.forms import QvctForm
from qvct.limits import INTERVIEW_TEXT
from qvct.templatetags.qvct_format import format_number
from review.models import Interview
from review.selectors import candidacy_for_aract

CANDIDATES = (DossierStatus.SUBMITTED, DossierStatus.IN_REVIEW, DossierStatus.ADMISSIBLE)


class InterviewForm(QvctForm, forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["scheduled_on", "mode", "notes", "opinion"]
        field_classes = {"scheduled_on": WindowedDateField}
        widgets = {
            "scheduled_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mode": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"notes": f"{format_number(INTERVIEW_TEXT)} caractères maximum."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django offers « --------- » as a blank choice: a radio is simply left unticked, a select says why.
        self.fields["mode"].choices = Interview.Mode.choices
        self.fields["opinion"].choices = [("", "Pas encore d'avis"), *Interview.Opinion.choices]


def _candidates(user):
    return Dossier.objects.filter(
        call__region__agents=user, call__kind=CallKind.SUPPORT_PROGRAM, status__in=CANDIDATES
    )


@role_required(Role.ARACT)
def interviews(request):
    dossiers = list(
        _candidates(request.user).select_related("establishment", "call").order_by("call", "number")
    )
    done = {i.dossier_id: i for i in Interview.objects.filter(dossier__in=dossiers)}
    return render(
        request,
        "review/interviews.html",
        {
            "rows": [(dossier, done.get(dossier.pk)) for dossier in dossiers],
            "breadcrumb_data": {"current": "Entretiens préalables"},
        },
    )


@role_required(Role.ARACT)
def interview(request, reference: str):
    """The whole candidacy, read before the interview, and the interview's record below it."""
    get_object_or_404(_candidates(request.user), reference=reference)
    dossier = candidacy_for_aract(request.user, reference)
    current = Interview.objects.filter(dossier=dossier).first()
    form = InterviewForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.dossier, item.by = dossier, request.user
        item.save()
        messages.success(request, f"Entretien avec {dossier.establishment.display_name} enregistré.")
        return redirect("review:interviews")
    return render(
        request,
        "review/interview.html",
        {
            "dossier": dossier,
            "spec": dossier.call.spec,
            "attachments": [d for d in dossier.documents.all() if d.action_id is None],
            "form": form,
            "breadcrumb_data": {
                "links": [{"url": reverse("review:interviews"), "title": "Entretiens préalables"}],
                "current": dossier.reference,
            },
        },
    )
