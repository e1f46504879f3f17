"""PDFs of a dossier: the dated receipt and the whole dossier."""

from django.template.loader import render_to_string
from django.utils import timezone

from qvct.pdf import render_pdf

from .interchange import dossier_to_data
from .models import Dossier


def _context(dossier: Dossier) -> dict:
    actions = list(dossier.actions.all())
    return {
        "dossier": dossier,
        "call": dossier.call,
        "establishment": dossier.establishment,
        "actions": actions,
        "attachments": [document for document in dossier.documents.all() if document.action_id is None],
        "quotes": [quote for action in actions for quote in action.quotes.all()],
        "total_cost": sum((action.cost for action in actions), 0),
        "total_requested": sum((action.requested for action in actions), 0),
        "submitted_local": timezone.localtime(dossier.submitted_at) if dossier.submitted_at else None,
        "generated_at": timezone.localtime(),
        "data": dossier_to_data(dossier),
        # Printed on every document of a call that defines one (the Normandie programme), on no other.
        "mention": _mention(dossier.call),
    }


def _mention(call) -> str:
    program = call.spec.program
    return (program.communication_mention if program else "") or call.communication_mention


def receipt_pdf(dossier: Dossier) -> bytes:
    """The receipt of a filed dossier: call, number, establishment, date and time, actions, documents' SHA-256."""
    return render_pdf(render_to_string("dossiers/pdf/receipt.html", _context(dossier)))


def dossier_pdf(dossier: Dossier) -> bytes:
    return render_pdf(render_to_string("dossiers/pdf/dossier.html", _context(dossier)))
