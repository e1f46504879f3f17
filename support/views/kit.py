"""The communication kit of a support programme: the call's mandatory mention and logos, for retained establishments."""

from django.shortcuts import get_object_or_404, render

from accounts.enums import Role
from accounts.permissions import role_required
from dossiers.views.common import stored_file_response

from ..models import Logo
from .sessions import PLANNERS, member_of


@role_required(Role.ESTABLISHMENT, *PLANNERS)
def kit(request, reference: str):
    member = member_of(request, reference)
    call = member.cohort.call
    return render(
        request,
        "support/kit.html",
        {
            "member": member,
            "program": call.spec.program,
            "logos": list(Logo.objects.filter(call=call)),
            "breadcrumb_data": {
                "links": [{"url": member.dossier.get_absolute_url(), "title": f"Dossier {reference}"}],
                "current": "Kit de communication",
            },
        },
    )


@role_required(Role.ESTABLISHMENT, *PLANNERS)
def logo(request, reference: str, pk: int):
    member = member_of(request, reference)
    item = get_object_or_404(Logo.objects.filter(call=member.cohort.call_id), pk=pk)
    return stored_file_response(item.file, item.download_name, item.content_type)
