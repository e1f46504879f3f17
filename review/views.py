"""The ARS instruction pages: the list of dossiers, one dossier, complements, the admissibility decision."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.forms import MessageForm
from dossiers.history import timeline
from dossiers.models import Document, Message
from dossiers.previews import preview_refusal
from dossiers.sections import TITLES, sections_of
from dossiers.services import DossierError, message_post
from dossiers.uploads import UploadRefused
from dossiers.views.common import stored_file_response
from dossiers.workflow import TRANSITIONS, TransitionError
from eligibility.catalog import rule_label
from monitoring.history import earlier_conventions
from qvct.tables import table_response
from referential.models import Department

from . import services
from .exports import HEADERS, selection_rows
from .forms import (
    AnnotationForm,
    BulkForm,
    ComplementsForm,
    DecisionForm,
    ListFilterForm,
    OverrideForm,
    SavedFilterForm,
)
from .models import SavedFilter
from .selectors import COLUMNS, TABS, dossier_for_agent, dossier_rows, selection, tab_counts

AGENTS = (Role.INSTRUCTOR, Role.MANAGER)
LIST_URL = "review:list"


def _url_with(params: QueryDict, **changes) -> str:
    """The list's URL with some parameters changed; any change but paging goes back to the first page."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"{reverse(LIST_URL)}?{encoded}" if encoded else reverse(LIST_URL)


def _list_context(request) -> dict:
    user = request.user
    region_ids = list(user.regions.values_list("pk", flat=True))
    calls = list(Call.objects.filter(region_id__in=region_ids).order_by("-year", "short_title"))
    departments = Department.objects.filter(region_id__in=region_ids).order_by("code")
    instructors = services.instructors_of(region_ids)
    form = ListFilterForm(request.GET, calls=calls, departments=departments, instructors=instructors)
    query = form.query()
    rows, has_next = dossier_rows(user, query)
    counts = tab_counts(user, query)
    params = request.GET
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": _url_with(params, tab=key),
            "active": key == query.tab,
        }
        for key, (label, _) in TABS.items()
    ]
    columns = []
    for key in query.columns:
        column = COLUMNS[key]
        current = query.sort.lstrip("-") == key
        descending = query.sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": column.label,
                "sorted": ("descending" if descending else "ascending") if current else "",
                "url": _url_with(params, sort=f"-{key}" if current and not descending else key),
            }
        )
    return {
        "form": form,
        "query": query,
        "rows": rows,
        "columns": columns,
        "tabs": tabs,
        "active_tab": TABS[query.tab][0],
        "previous_url": _url_with(params, page=query.page - 1) if query.page > 1 else "",
        "next_url": _url_with(params, page=query.page + 1) if has_next else "",
        "saved_filters": list(SavedFilter.objects.filter(user=user)),
        "saved_filter_form": SavedFilterForm(initial={"query": params.urlencode()}),
        "instructors": instructors,
        "current_query": params.urlencode(),
        "breadcrumb_data": {"current": "Dossiers à instruire"},
    }


@role_required(*AGENTS)
def dossier_list(request):
    return render(request, "review/list.html", _list_context(request))


def _back_to_list(request):
    query = request.POST.get("next_query", "")
    return redirect(f"{reverse(LIST_URL)}?{query}" if query else reverse(LIST_URL))


@require_POST
@role_required(*AGENTS)
def bulk(request):
    ids = [int(value) for value in request.POST.getlist("dossiers") if value.isdigit()]
    form = BulkForm(request.POST, ids=ids)
    if not form.is_valid():
        messages.error(request, "Cochez au moins un dossier et choisissez une opération.")
        return _back_to_list(request)
    dossiers = selection(request.user, form.cleaned_data["dossiers"])
    if not dossiers:
        messages.error(request, "Aucun des dossiers cochés n'est instruit par votre région.")
        return _back_to_list(request)
    operation = form.cleaned_data["operation"]
    if operation in {"csv", "xlsx", "ods"}:
        return table_response(operation, "dossiers-selection", "Dossiers", HEADERS, selection_rows(dossiers))
    assignee_key = form.cleaned_data["assignee"]
    if assignee_key == "moi":
        assignee = request.user
    elif assignee_key == "personne":
        assignee = None
    else:
        region_ids = request.user.regions.values_list("pk", flat=True)
        assignee = next(
            (user for user in services.instructors_of(region_ids) if str(user.pk) == assignee_key), False
        )
        if assignee is False:
            messages.error(request, "Choisissez l'instructeur·rice à qui attribuer les dossiers cochés.")
            return _back_to_list(request)
    try:
        changed = services.dossiers_assign(dossiers=dossiers, assignee=assignee, user=request.user)
    except DossierError as error:
        messages.error(request, str(error))
    else:
        name = (assignee.get_full_name() or assignee.email) if assignee else "personne"
        messages.success(request, f"{changed} dossier(s) attribué(s) à {name}.")
    return _back_to_list(request)


@require_POST
@role_required(*AGENTS)
def saved_filter_add(request):
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        SavedFilter.objects.update_or_create(
            user=request.user, name=form.cleaned_data["name"], defaults={"query": form.cleaned_data["query"]}
        )
        messages.success(request, f"Filtre « {form.cleaned_data['name']} » enregistré.")
    else:
        messages.error(request, "Donnez un nom au filtre pour l'enregistrer.")
    query = form.cleaned_data.get("query", "") if form.is_valid() else request.POST.get("query", "")
    return redirect(f"{reverse(LIST_URL)}?{query}" if query else reverse(LIST_URL))


@require_POST
@role_required(*AGENTS)
def saved_filter_remove(request, pk: int):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, f"Filtre « {saved.name} » supprimé.")
    return redirect(LIST_URL)


def _breadcrumb(dossier, current: str | None = None) -> dict:
    links = [{"url": reverse(LIST_URL), "title": "Dossiers à instruire"}]
    if current:
        links.append({"url": reverse("review:dossier", args=[dossier.reference]), "title": dossier.reference})
    return {"links": links, "current": current or f"Dossier {dossier.reference}"}


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
            "prior_actions": earlier_conventions(dossier),
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
            "breadcrumb_data": _breadcrumb(dossier),
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
        except (DossierError, UploadRefused) as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Écrivez votre message avant de l'envoyer.")
    return redirect(f"{reverse('review:dossier', args=[reference])}#messages")


@xframe_options_sameorigin
@role_required(*AGENTS)
def document_file(request, reference: str, pk: int):
    dossier = dossier_for_agent(request.user, reference)
    document = get_object_or_404(Document.objects.filter(dossier=dossier), pk=pk)
    inline = "apercu" in request.GET and preview_refusal(document) is None
    return stored_file_response(document.file, document.original_name, document.content_type, inline)


@role_required(*AGENTS)
def document_preview(request, reference: str, pk: int):
    dossier = dossier_for_agent(request.user, reference)
    document = get_object_or_404(Document.objects.filter(dossier=dossier).select_related("action"), pk=pk)
    return render(
        request,
        "review/preview.html",
        {
            "dossier": dossier,
            "document": document,
            "refusal": preview_refusal(document),
            "breadcrumb_data": _breadcrumb(dossier, document.original_name),
        },
    )


@role_required(*AGENTS)
def message_attachment(request, reference: str, pk: int):
    dossier = dossier_for_agent(request.user, reference)
    item = get_object_or_404(Message.objects.filter(dossier=dossier).exclude(attachment=""), pk=pk)
    return stored_file_response(item.attachment, item.attachment_name, item.attachment_type, inline=False)


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
                f"Compléments demandés jusqu'au {form.cleaned_data['due_date']:%d/%m/%Y} ; "
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
            "breadcrumb_data": _breadcrumb(dossier, "Demander des compléments"),
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
            "breadcrumb_data": _breadcrumb(dossier, "Décision de recevabilité"),
        },
    )
