"""Messages between the ARS and an establishment about one dossier (a model of the dossiers app)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from qvct.limits import MESSAGE_TEXT

from .enums import ScanStatus


def message_path(message: "Message", filename: str) -> str:
    return f"messages/{message.dossier_id}/{uuid.uuid4().hex}"


class Message(models.Model):
    """A message between the ARS and the establishment about one dossier, with an optional attachment."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    from_agency = models.BooleanField("envoyé par l'ARS")
    at = models.DateTimeField("le", default=timezone.now)
    body = models.TextField("message", max_length=MESSAGE_TEXT)
    attachment = models.FileField("pièce jointe", upload_to=message_path, max_length=200, blank=True)
    attachment_name = models.CharField("nom de la pièce jointe", max_length=200, blank=True)
    attachment_type = models.CharField("type de la pièce jointe", max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField("taille", null=True, blank=True)
    # Its antivirus verdict, as a document's (dossiers.scanning); empty for a message without attachment, or one
    # sent before the verdict was kept.
    attachment_scan_status = models.CharField(
        "antivirus", max_length=10, choices=ScanStatus.choices, blank=True
    )

    class Meta:
        verbose_name = "message"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Message du {self.at:%d/%m/%Y} — {self.dossier.reference}"
