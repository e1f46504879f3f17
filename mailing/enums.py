"""States of an e-mail in the outbox."""

from django.db import models


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "À envoyer"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Abandonné après plusieurs essais"
