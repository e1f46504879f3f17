"""The bilans of a support programme, as PDF or editable ODT, for the ARS and the ARACT."""

from django.http import Http404, HttpResponse

from accounts.enums import Role
from accounts.permissions import role_required

from ..bilans import bilan_facts, bilan_odt, bilan_pdf
from .common import support_call

FORMATS = {
    "pdf": (bilan_pdf, "application/pdf"),
    "odt": (bilan_odt, "application/vnd.oasis.opendocument.text"),
}


@role_required(Role.MANAGER, Role.ARACT)
def bilan(request, code: str, index: int, kind: str):
    call = support_call(request.user, code)
    deliverables = call.spec.program.deliverables
    if kind not in FORMATS or not 0 <= index < len(deliverables):
        raise Http404("Ce bilan n'existe pas pour cet appel.")
    render, content_type = FORMATS[kind]
    response = HttpResponse(render(bilan_facts(call, index)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bilan-{call.code}-{index + 1}.{kind}"'
    return response
