"""States a call goes through as seen by the public, and the call format's words as Django choices.

The values and labels of call kinds and trinôme roles live once, in `calls.vocabulary`; these are their choices.
"""

from django.db import models

from .vocabulary import KIND_LABELS, TRINOME_ROLE_LABELS, Kind, TrinomeRole


class CallStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    UPCOMING = "upcoming", "À venir"
    CLOSED = "closed", "Clôturé"


CallKind = models.TextChoices("CallKind", [(kind.name, (kind.value, KIND_LABELS[kind])) for kind in Kind])

TrinomeRoleChoice = models.TextChoices(
    "TrinomeRoleChoice", [(role.name, (role.value, TRINOME_ROLE_LABELS[role])) for role in TrinomeRole]
)
