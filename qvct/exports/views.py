"""The pages of the exporter: launch an export of a filtered list, follow it, download the file."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .jobs import ExportError, export_launch, export_response
from .lists import REGISTRY, params_of
from .models import ExportJob
from .writers import CONTENT_TYPES


def _export(name: str):
    export = REGISTRY.get(name)
    if export is None:
        raise Http404("Cette liste n'existe pas.")
    return export


@require_POST
def launch(request, name: str):
    """« Exporter la liste filtrée » (in the background) or « Exporter les lignes cochées » (at once)."""
    export = _export(name)
    back = request.POST.get("back", "")
    back = back if back.startswith("/") and not back.startswith("//") else "/"
    if not export.allows(request.user):
        raise Http404("Cette liste n'existe pas.")
    params = params_of(request.POST)
    # Fields named after the export (two blocks may share the list's form), or plainly.
    fmt = request.POST.get(f"{name}-format") or request.POST.get("format", "")
    columns = request.POST.getlist(f"{name}-colonnes") or request.POST.getlist("colonnes")
    try:
        if request.POST.get("portee") == "cochees":
            if not request.POST.getlist(export.ids_param):
                raise ExportError("Cochez au moins une ligne, ou exportez toute la liste filtrée.")
            return export_response(export=export, user=request.user, params=params, fmt=fmt, columns=columns)
        job = export_launch(export=export, user=request.user, params=params, fmt=fmt, columns=columns)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect(back)
    return redirect("exports:job", pk=job.pk)


def job_page(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user)
    template = "qvct/exports/job_status.html" if request.htmx else "qvct/exports/job.html"
    return render(
        request,
        template,
        {
            "job": job,
            "keep_days": settings.QVCT_EXPORT_KEEP_DAYS,
            "breadcrumb_data": {"current": f"Export : {job.title}"},
        },
    )


def download(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user, finished_at__isnull=False)
    if job.purged_at:
        raise Http404("Ce fichier a été supprimé.")
    if not job.file:
        raise Http404("Ce fichier n'a pas pu être écrit.")
    response = FileResponse(job.file.open("rb"), content_type=CONTENT_TYPES[job.fmt])
    response["Content-Disposition"] = f'attachment; filename="{job.file.name.rsplit("/", 1)[-1]}"'
    return response
