"""States a call goes through as seen by the public, from its calendar."""

from django.db import models


class CallStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    UPCOMING = "upcoming", "À venir"
    CLOSED = "closed", "Clôturé"


class CallKind(models.TextChoices):
    FUNDING = "funding", "Financement d'actions"
    SUPPORT_PROGRAM = "support_program", "Accompagnement collectif"
