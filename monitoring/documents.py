"""The recovery letter of a closed follow-up (PDF through qvct/pdf.py)."""

from django.template.loader import render_to_string
from django.utils import timezone

from qvct.pdf import render_pdf

from .models import ActionFollowUp, Closing, SpendingLine


def recovery_letter_html(closing: Closing) -> str:
    follow_up = closing.follow_up
    dossier = follow_up.dossier
    actions = list(ActionFollowUp.objects.filter(follow_up=follow_up).select_related("action"))
    rejected = list(
        SpendingLine.objects.filter(action_follow_up__follow_up=follow_up, status="rejected").select_related(
            "action_follow_up__action"
        )
    )
    return render_to_string(
        "monitoring/pdf/recovery_letter.html",
        {
            "closing": closing,
            "follow_up": follow_up,
            "dossier": dossier,
            "call": dossier.call,
            "establishment": dossier.establishment,
            "actions": actions,
            "rejected": rejected,
            "today": timezone.localdate(closing.closed_at),
            "generated_at": timezone.localtime(),
        },
    )


def recovery_letter_pdf(closing: Closing) -> bytes:
    return render_pdf(recovery_letter_html(closing))
