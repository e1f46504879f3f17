"""Starting a dossier: one per establishment and call; starting a second one opens the first."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from calls.enums import CallStatus
from calls.models import Call
from dossiers.services import dossier_start
from referential.models import Establishment


@require_POST
@role_required(Role.ESTABLISHMENT)
def start(request, code: str):
    call = get_object_or_404(Call.objects.published(), code=code)
    establishment = Establishment.objects.filter(
        members=request.user, pk=request.POST.get("establishment")
    ).first()
    if establishment is None:
        raise Http404("Établissement inconnu")
    if establishment.department_id not in call.definition["departments"]:
        messages.error(
            request, f"{establishment.display_name} n'est pas dans un département éligible à cet appel."
        )
        return redirect(call)
    existing = call.dossiers.filter(establishment=establishment).first()
    if existing is None and call.status() == CallStatus.CLOSED:
        messages.error(
            request, "Les dépôts de cet appel sont clos : un nouveau dossier ne peut plus être ouvert."
        )
        return redirect(call)
    dossier, created = dossier_start(call=call, establishment=establishment, user=request.user)
    if not created:
        messages.info(request, f"{establishment.display_name} a déjà un dossier pour cet appel : le voici.")
    elif call.status() != CallStatus.OPEN:
        messages.warning(
            request,
            "Les dépôts ne sont pas encore ouverts : vous pouvez préparer le dossier et le déposer à l'ouverture.",
        )
    return redirect(dossier)
