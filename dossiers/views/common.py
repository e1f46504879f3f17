"""What every dossier view shares: the porteur's access check and the lenient form saving."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

from accounts.enums import Role
from dossiers.sections import sections_of
from dossiers.selectors import dossier_for_user
from qvct.csp import STORED_FILE_POLICY


def porteur_dossier(request, reference: str, *, related: bool = True):
    """The dossier for a porteur who may see it; 403 for other roles, 404 for other establishments. A write that
    redirects passes `related=False`: its related rows are not prefetched (`selectors.dossier_row_queryset`)."""
    if request.user.role != Role.ESTABLISHMENT:
        raise PermissionDenied("Cette page est réservée aux porteurs de l'établissement.")
    return dossier_for_user(request.user, reference, related=related)


def porteur_section(request, reference: str, section: str, *, related: bool = True):
    """The porteur's dossier, when its call has this section (a support programme has no actions); else 404."""
    dossier = porteur_dossier(request, reference, related=related)
    if section not in sections_of(dossier):
        raise Http404("Section inconnue")
    return dossier


def lenient(form):
    """Makes every field optional, so that what is valid is saved even while the rest is still empty."""
    for field in form.fields.values():
        field.required = False
    return form


def valid_values(form, names) -> dict:
    """The cleaned values of the fields that validated (the form must have been validated)."""
    form.is_valid()
    return {
        name: form.cleaned_data[name]
        for name in names
        if name in form.cleaned_data and name not in form.errors
    }


def stored_file_response(field, name: str, content_type: str, inline: bool = False) -> FileResponse:
    """A stored upload under its original name and checked type, never sniffed by the browser."""
    response = FileResponse(field.open("rb"), as_attachment=not inline, filename=name)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = STORED_FILE_POLICY
    return response
