"""The auditor's archive of one dossier, for the agents of its region who instruct or manage it."""

import io

from django.http import HttpResponse

from accounts.enums import Role
from accounts.permissions import role_required
from review.selectors import dossier_for_agent

from ..auditor import dossier_archive


@role_required(Role.INSTRUCTOR, Role.MANAGER)
def archive(request, reference: str):
    dossier = dossier_for_agent(request.user, reference)
    # In memory: one dossier's files, bounded by the upload limits of its documents and messages.
    buffer = io.BytesIO()
    dossier_archive(dossier, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="archive-{dossier.reference}.zip"'
    return response
