"""The porteur's side of the instruction: messages with the ARS and the re-submission of complements."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dossiers import services
from dossiers.forms import MessageForm
from dossiers.models import Message
from dossiers.uploads import UploadRefused
from dossiers.workflow import TransitionError
from qvct.storage import StorageFull

from .common import porteur_dossier, stored_file_response


def conversation(request, reference: str):
    dossier = porteur_dossier(request, reference)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                dossier=dossier,
                user=request.user,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data["attachment"],
                from_agency=False,
            )
        except (services.DossierError, UploadRefused, StorageFull) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Message envoyé à l'ARS.")
            return redirect("dossiers:messages", reference=reference)
    return render(
        request,
        "dossiers/messages.html",
        {
            "dossier": dossier,
            "form": form,
            "conversation": list(dossier.messages.select_related("author")),
            "breadcrumb_data": {
                "links": [{"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"}],
                "current": "Messages avec l'ARS",
            },
        },
    )


def message_attachment(request, reference: str, pk: int):
    dossier = porteur_dossier(request, reference)
    item = get_object_or_404(Message.objects.filter(dossier=dossier).exclude(attachment=""), pk=pk)
    return stored_file_response(item.attachment, item.attachment_name, item.attachment_type)


@require_POST
def resubmit(request, reference: str):
    dossier = porteur_dossier(request, reference)
    try:
        services.dossier_resubmit(dossier=dossier, user=request.user)
    except services.SubmissionRefused as error:
        messages.error(request, str(error))
        for finding in error.findings:
            messages.error(request, finding.message)
    except (services.DossierError, TransitionError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Le dossier complété est renvoyé à l'ARS, qui reprend son instruction.")
    return redirect("dossiers:detail", reference=reference)
