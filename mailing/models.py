"""The outbox: an e-mail written in the same transaction as the change it tells of, sent afterwards."""

from django.db import models
from django.utils import timezone

from .enums import OutboxStatus


class OutboxMessage(models.Model):
    created_at = models.DateTimeField("créé le", default=timezone.now)
    subject = models.CharField("objet", max_length=300)
    body = models.TextField("texte")
    to = models.JSONField("destinataires", default=list)
    reply_to = models.JSONField("répondre à", default=list, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    # Also the lease of a send in progress: a worker killed mid-send leaves the message due again later.
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "courriel"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject


class OutboxAttachment(models.Model):
    """A file of the e-mail: its bytes, or the function that renders them when the e-mail leaves."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField("nom", max_length=200)
    content_type = models.CharField("type", max_length=100)
    content = models.BinaryField("contenu", blank=True, default=b"")
    # Dotted path of `function(object_id) -> bytes`, for documents too heavy to render in the transaction.
    renderer = models.CharField("rendu", max_length=200, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename
