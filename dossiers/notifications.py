"""E-mails about a dossier, written to the outbox (mailing) in the transaction of the change they tell of."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from mailing.services import Attachment, outbox_enqueue
from qvct import formats

from .documents_pdf import receipt_pdf
from .models import Dossier
from .selectors import dossier_queryset


def dossier_recipients(dossier: Dossier) -> list[str]:
    emails = {dossier.created_by.email, *(user.email for user in dossier.editors.all())}
    emails |= set(dossier.establishment.members.values_list("email", flat=True))
    return sorted(email for email in emails if email)


def receipt_attachment(dossier_id: int) -> bytes:
    """The receipt's PDF, rendered when the e-mail leaves: the filing's transaction stays short."""
    return receipt_pdf(dossier_queryset().get(pk=dossier_id))


def receipt_send(dossier: Dossier) -> None:
    dossier = dossier_queryset().get(pk=dossier.pk)
    body = render_to_string(
        "dossiers/emails/receipt.txt", {"dossier": dossier, "site_url": settings.SITE_URL}
    )
    outbox_enqueue(
        subject=f"Accusé de réception du dossier {dossier.reference} — {dossier.call.short_title}",
        body=body,
        to=dossier_recipients(dossier),
        attachments=[
            Attachment(
                f"accuse-reception-{dossier.reference}.pdf",
                "application/pdf",
                renderer=f"{__name__}.receipt_attachment",
                object_id=dossier.pk,
            )
        ],
    )


def invitation_send(*, invitation, token: str) -> None:
    """The invitation's link, to its recipient only; the token travels in this e-mail and nowhere else."""
    dossier = invitation.dossier
    body = render_to_string(
        "dossiers/emails/invitation.txt",
        {
            "dossier": dossier,
            "invitation": invitation,
            "inviter_name": invitation.invited_by.get_full_name() or invitation.invited_by.email,
            "link": settings.SITE_URL + reverse("dossiers:invitation", args=[token]),
        },
    )
    outbox_enqueue(
        subject=f"Invitation à co-rédiger le dossier {dossier.reference} — {dossier.call.short_title}",
        body=body,
        to=[invitation.email],
    )


def agency_recipients(dossier: Dossier) -> list[str]:
    """The assigned instructor, or else every instructor of the call's region."""
    if dossier.assigned_to_id:
        return [dossier.assigned_to.email]

    return sorted(
        User.objects.filter(role=Role.INSTRUCTOR, regions=dossier.call.region_id, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )


def _send(template: str, subject: str, to: list[str], context: dict) -> None:
    if not to:
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    outbox_enqueue(subject=subject, body=body, to=to)


def resubmitted_send(dossier: Dossier) -> None:
    _send(
        "dossiers/emails/resubmitted.txt",
        f"Compléments reçus — dossier {dossier.reference}",
        agency_recipients(dossier),
        {"dossier": dossier},
    )


def message_send(message) -> None:
    dossier = message.dossier
    to = dossier_recipients(dossier) if message.from_agency else agency_recipients(dossier)
    _send(
        "dossiers/emails/message.txt",
        f"Nouveau message sur le dossier {dossier.reference}",
        to,
        {"dossier": dossier, "message": message},
    )


def complements_send(request) -> None:
    dossier = request.dossier
    _send(
        "dossiers/emails/complements.txt",
        f"Compléments demandés pour le dossier {dossier.reference} avant le {formats.date(request.due_date)}",
        dossier_recipients(dossier),
        {"dossier": dossier, "request": request},
    )


def reminder_send(request) -> None:
    dossier = request.dossier
    _send(
        "dossiers/emails/reminder.txt",
        f"Rappel : compléments attendus avant le {formats.date(request.due_date)} — dossier {dossier.reference}",
        dossier_recipients(dossier),
        {"dossier": dossier, "request": request},
    )


def decision_send(dossier: Dossier) -> None:
    _send(
        "dossiers/emails/decision.txt",
        f"Dossier {dossier.reference} : {dossier.get_status_display().lower()}",
        dossier_recipients(dossier),
        {"dossier": dossier},
    )
