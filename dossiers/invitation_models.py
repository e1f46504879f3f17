"""Co-editor invitations: a hashed single-use link, an expiry, and who accepted or revoked it."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.addresses import EmailAddressField

from .enums import InvitationState


class Invitation(models.Model):
    """An invitation to co-edit a dossier: it gives access only once its recipient accepts it."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="invitations")
    email = EmailAddressField("adresse électronique")
    # SHA-256 of the link's token: the database alone never lets anyone accept an invitation.
    token_hash = models.CharField("empreinte du lien", max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    invited_at = models.DateTimeField("envoyée le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-invited_at", "-pk"]
        constraints = [
            # One open invitation per address and dossier: sending again renews it.
            models.UniqueConstraint(
                fields=["dossier", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return self.email

    def state(self, now: dt.datetime | None = None) -> InvitationState:
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def current_state(self) -> InvitationState:
        return self.state()
