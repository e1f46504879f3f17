"""Attachments by kind: upload checked by content, download only through a rights check, removal."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dossiers import services
from dossiers.forms import DocumentForm
from dossiers.models import Document
from dossiers.uploads import UploadRefused, upload_limit_label
from qvct.storage import StorageFull

from .common import porteur_dossier, porteur_section, stored_file_response


def _kinds(dossier) -> list[tuple[str, str]]:
    """The kinds of attachment the porteur may add now (during complements, only those asked for)."""
    kinds = [(a.kind, a.label) for a in dossier.call.spec.attachments if a.kind != "quote"]
    kinds.append(("other", "Autre pièce"))
    return [(kind, label) for kind, label in kinds if dossier.can_edit(f"piece:{kind}")]


def document_list(request, reference: str, section: str = "pieces"):
    # The page shows the dossier's pieces only: its actions, events… are not read (`related=False`).
    dossier = porteur_section(request, reference, section, related=False)
    spec = dossier.call.spec
    documents = [document for document in dossier.documents.all() if document.action_id is None]
    expected = []
    for attachment in spec.attachments:
        if attachment.kind == "quote":
            continue
        expected.append(
            {
                "spec": attachment,
                "documents": [d for d in documents if d.kind == attachment.kind],
                "editable": dossier.can_edit(f"piece:{attachment.kind}"),
            }
        )
    kinds = _kinds(dossier)
    return render(
        request,
        "dossiers/documents.html",
        {
            "dossier": dossier,
            "expected": expected,
            "others": [d for d in documents if d.kind not in {a.kind for a in spec.attachments}],
            "form": DocumentForm(kinds=kinds),
            "editable": bool(kinds),
            "upload_limit": upload_limit_label(),
            "breadcrumb_data": {
                "links": [{"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"}],
                "current": "Pièces à joindre",
            },
        },
    )


@require_POST
def document_upload(request, reference: str):
    dossier = porteur_dossier(request, reference, related=False)
    kinds = _kinds(dossier)
    form = DocumentForm(request.POST, request.FILES, kinds=kinds)
    if not kinds:
        # The page was opened while the dossier could still be changed; it has been filed or closed since.
        messages.error(
            request,
            "Ce dossier ne peut plus recevoir de pièces : il a été déposé, ou le délai des compléments est "
            "passé. Pour transmettre un document à l'ARS, joignez-le à un message du dossier.",
        )
    elif form.is_valid():
        try:
            document = services.document_add(
                dossier=dossier,
                user=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
            messages.success(request, f"Pièce « {document.original_name} » ajoutée.")
        except (UploadRefused, services.DossierError, StorageFull) as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Choisissez la nature de la pièce et son fichier avant de l'ajouter.")
    return redirect("dossiers:section", reference=reference, section="pieces")


def document_download(request, reference: str, pk: int):
    dossier = porteur_dossier(request, reference)
    document = get_object_or_404(Document.objects.filter(dossier=dossier), pk=pk)
    return stored_file_response(document.file, document.original_name, document.content_type)


@require_POST
def document_remove(request, reference: str, pk: int):
    dossier = porteur_dossier(request, reference)
    document = get_object_or_404(Document.objects.filter(dossier=dossier), pk=pk)
    try:
        services.document_remove(document=document, user=request.user)
        messages.success(request, f"Pièce « {document.original_name} » retirée.")
    except services.DossierError as error:
        messages.error(request, str(error))
    if document.action_id:
        return redirect("dossiers:action", reference=reference, pk=document.action_id)
    return redirect("dossiers:section", reference=reference, section="pieces")
