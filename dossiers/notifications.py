"""E-mails about a dossier: the receipt to its co-editors, the invitation of a trinôme member."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .documents_pdf import receipt_pdf
from .models import Dossier
from .selectors import dossier_queryset


def dossier_recipients(dossier: Dossier) -> list[str]:
    emails = {dossier.created_by.email, *(user.email for user in dossier.editors.all())}
    emails |= set(dossier.establishment.members.values_list("email", flat=True))
    return sorted(email for email in emails if email)


def receipt_send(dossier: Dossier) -> None:
    dossier = dossier_queryset().get(pk=dossier.pk)
    body = render_to_string(
        "dossiers/emails/receipt.txt", {"dossier": dossier, "site_url": settings.SITE_URL}
    )
    message = EmailMessage(
        subject=f"Accusé de réception du dossier {dossier.reference} — {dossier.call.short_title}",
        body=body,
        to=dossier_recipients(dossier),
    )
    message.attach(f"accuse-reception-{dossier.reference}.pdf", receipt_pdf(dossier), "application/pdf")
    message.send()


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
    EmailMessage(
        subject=f"Invitation à co-rédiger le dossier {dossier.reference} — {dossier.call.short_title}",
        body=body,
        to=[invitation.email],
    ).send()


def agency_recipients(dossier: Dossier) -> list[str]:
    """The assigned instructor, or else every instructor of the call's region."""
    if dossier.assigned_to_id:
        return [dossier.assigned_to.email]
    from accounts.enums import Role
    from accounts.models import User

    return sorted(
        User.objects.filter(role=Role.INSTRUCTOR, regions=dossier.call.region_id, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )


def _send(template: str, subject: str, to: list[str], context: dict) -> None:
    if not to:
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    EmailMessage(subject=subject, body=body, to=to).send()


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
        f"Compléments demandés pour le dossier {dossier.reference} avant le {request.due_date:%d/%m/%Y}",
        dossier_recipients(dossier),
        {"dossier": dossier, "request": request},
    )


def reminder_send(request) -> None:
    dossier = request.dossier
    _send(
        "dossiers/emails/reminder.txt",
        f"Rappel : compléments attendus avant le {request.due_date:%d/%m/%Y} — dossier {dossier.reference}",
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
