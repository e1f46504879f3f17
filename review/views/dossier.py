"""One dossier under instruction: its page, the findings an instructor lifts, annotations, messages, files."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from dossiers.earlier import earlier_funding
from dossiers.enums import DossierStatus
from dossiers.forms import MessageForm
from dossiers.history import timeline
from dossiers.models import Document, Message
from dossiers.previews import preview_refusal
from dossiers.services import DossierError, message_post
from dossiers.uploads import UploadRefused
from dossiers.views.common import stored_file_response
from dossiers.workflow import TRANSITIONS, TransitionError
from eligibility.catalog import rule_label
from qvct.storage import StorageFull
from review import services
from review.forms import (
    AnnotationForm,
    OverrideForm,
)
from review.selectors import candidacy_for_aract, dossier_for_agent

from .common import AGENTS, dossier_breadcrumb


def _findings(dossier) -> list[dict]:
    """The stored findings, each with the override that lifted it, if any."""
    overrides = {(o.code, o.action): o for o in dossier.overrides.all()}
    items = []
    for finding in dossier.findings:
        override = overrides.get((finding["code"], finding.get("action") or 0))
        items.append(
            {
                "finding": finding,
                "override": override,
                "label": rule_label(finding["code"]),
                "form": None
                if override
                else OverrideForm(
                    initial={"code": finding["code"], "action": finding.get("action")},
                    prefix=f"levee-{finding['code']}-{finding.get('action') or 0}",
                ),
            }
        )
    return items


@role_required(*AGENTS)
def dossier_detail(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    actions = list(dossier.actions.all())
    documents = list(dossier.documents.all())
    status = DossierStatus(dossier.status)
    return render(
        request,
        "review/dossier.html",
        {
            "dossier": dossier,
            "spec": dossier.call.spec,
            "actions": actions,
            "attachments": [d for d in documents if d.action_id is None],
            "findings": _findings(dossier),
            # « Le respect des conventions … précédents CLACT »: the earlier funded actions and their follow-up.
            "prior_actions": earlier_funding().earlier_conventions(dossier),
            "annotations": list(dossier.annotations.select_related("author")),
            "annotation_form": AnnotationForm(),
            "message_form": MessageForm(),
            "conversation": list(dossier.messages.all()),
            "rounds": list(dossier.complement_requests.all()),
            "history": timeline(dossier.events.all()),
            "can_start": status in TRANSITIONS["start_review"].source,
            "can_request": status in TRANSITIONS["request_complements"].source,
            "can_decide": status in TRANSITIONS["declare_admissible"].source
            or status in TRANSITIONS["declare_inadmissible"].source,
            "breadcrumb_data": dossier_breadcrumb(dossier),
        },
    )


@require_POST
@role_required(*AGENTS)
def start_review(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    try:
        services.review_start(dossier=dossier, user=request.user)
        messages.success(
            request, "Instruction commencée : le dossier vous est attribué s'il n'était à personne."
        )
    except (DossierError, TransitionError) as error:
        messages.error(request, str(error))
    return redirect("review:dossier", reference=reference)


@require_POST
@role_required(*AGENTS)
def assign_me(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    try:
        services.dossiers_assign(dossiers=[dossier], assignee=request.user, user=request.user)
        messages.success(request, "Le dossier vous est attribué.")
    except DossierError as error:
        messages.error(request, str(error))
    return redirect("review:dossier", reference=reference)


@require_POST
@role_required(*AGENTS)
def override(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    prefix = request.POST.get("prefix", "")
    form = OverrideForm(request.POST, prefix=prefix or None)
    if form.is_valid():
        try:
            services.finding_override(
                dossier=dossier,
                user=request.user,
                code=form.cleaned_data["code"],
                action=form.cleaned_data["action"],
                justification=form.cleaned_data["justification"],
            )
            messages.success(
                request, f"Constat {form.cleaned_data['code']} levé ; la justification est conservée."
            )
        except DossierError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Justifiez la levée du constat en quelques mots (10 caractères au moins).")
    return redirect(f"{reverse('review:dossier', args=[reference])}#constats")


@require_POST
@role_required(*AGENTS)
def annotate(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        services.annotation_add(dossier=dossier, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Annotation enregistrée (visible des seuls agents de l'ARS).")
    else:
        messages.error(request, "L'annotation est vide.")
    return redirect(f"{reverse('review:dossier', args=[reference])}#annotations")


@require_POST
@role_required(*AGENTS)
def message(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message_post(
                dossier=dossier,
                user=request.user,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data["attachment"],
                from_agency=True,
            )
            messages.success(request, "Message envoyé ; l'établissement est prévenu par courriel.")
        except (DossierError, UploadRefused, StorageFull) as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Écrivez votre message avant de l'envoyer.")
    return redirect(f"{reverse('review:dossier', args=[reference])}#messages")


def _dossier_for_reader(user, reference: str):
    """The ARS agents' dossier, or for the ARACT a candidacy to a support programme of its region."""
    if user.role == Role.ARACT:
        return candidacy_for_aract(user, reference)
    return dossier_for_agent(user, reference)


def _breadcrumb(user, dossier, current: str) -> dict:
    if user.role == Role.ARACT:
        return {
            "links": [
                {"url": reverse("review:interviews"), "title": "Entretiens préalables"},
                {"url": reverse("review:interview", args=[dossier.reference]), "title": dossier.reference},
            ],
            "current": current,
        }
    return dossier_breadcrumb(dossier, current)


@xframe_options_sameorigin
@role_required(*AGENTS, Role.ARACT)
def document_file(request, reference: str, pk: int):
    dossier = _dossier_for_reader(request.user, reference)
    document = get_object_or_404(Document.objects.filter(dossier=dossier), pk=pk)
    inline = "apercu" in request.GET and preview_refusal(document) is None
    return stored_file_response(document.file, document.original_name, document.content_type, inline)


@role_required(*AGENTS, Role.ARACT)
def document_preview(request, reference: str, pk: int):
    dossier = _dossier_for_reader(request.user, reference)
    document = get_object_or_404(Document.objects.filter(dossier=dossier).select_related("action"), pk=pk)
    return render(
        request,
        "review/preview.html",
        {
            "dossier": dossier,
            "document": document,
            "refusal": preview_refusal(document),
            "breadcrumb_data": _breadcrumb(request.user, dossier, document.original_name),
        },
    )


@role_required(*AGENTS)
def message_attachment(request, reference: str, pk: int):
    dossier = dossier_for_agent(request.user, reference)
    item = get_object_or_404(Message.objects.filter(dossier=dossier).exclude(attachment=""), pk=pk)
    return stored_file_response(item.attachment, item.attachment_name, item.attachment_type, inline=False)
