"""The campaign manager's page of a call's Démarches Simplifiées sync: launch, progress, report."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from calls.models import Call

from ..models import DsDossier, DsSync
from ..tasks import SyncRefused, sync_launch


def _call(user, code: str) -> Call:
    """A call of the manager's regions; 404 for another region's."""
    return get_object_or_404(Call.objects.filter(region__agents=user), code=code)


@role_required(Role.MANAGER)
def ds_page(request, code: str):
    call = _call(request.user, code)
    state = DsSync.objects.filter(call=call).first()
    dossiers = DsDossier.objects.filter(call=call)
    context = {
        "call": call,
        "mapping": call.spec.demarches_simplifiees,
        "state": state,
        "running": bool(state and state.running),
        "counts": {
            "read": dossiers.count(),
            "taken": dossiers.filter(dossier__isnull=False).count(),
            "deleted": dossiers.filter(deleted_at__isnull=False).count(),
        },
        "breadcrumb_data": {"current": "Démarches Simplifiées"},
    }
    template = "integrations/includes/progress.html" if request.htmx else "integrations/sync.html"
    return render(request, template, context)


@require_POST
@role_required(Role.MANAGER)
def ds_launch(request, code: str):
    call = _call(request.user, code)
    try:
        sync_launch(call=call, user=request.user)
    except SyncRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "La synchronisation est lancée : cette page suit son avancement.")
    return redirect("integrations:sync", code=call.code)
