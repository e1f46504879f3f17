"""E-mails about a dossier: the receipt to its co-editors, the invitation of a trinôme member."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

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


def invitation_send(*, dossier: Dossier, email: str, inviter, password_link: str | None) -> None:
    body = render_to_string(
        "dossiers/emails/invitation.txt",
        {
            "dossier": dossier,
            "inviter": inviter,
            "password_link": password_link,
            "site_url": settings.SITE_URL,
        },
    )
    EmailMessage(
        subject=f"Invitation à co-rédiger le dossier {dossier.reference} — {dossier.call.short_title}",
        body=body,
        to=[email],
    ).send()
