"""The selection outcomes of a support programme's candidacy; never string literals elsewhere."""

from django.db import models


class SelectionOutcome(models.TextChoices):
    RETAINED = "retained", "Retenu"
    WAITLISTED = "waitlisted", "Liste d'attente"
    DECLINED = "declined", "Non retenu"


# Each outcome is one transition of the dossier workflow (dossiers/workflow.py).
OUTCOME_TRANSITION = {
    SelectionOutcome.RETAINED: "retain_candidacy",
    SelectionOutcome.WAITLISTED: "waitlist_candidacy",
    SelectionOutcome.DECLINED: "decline_candidacy",
}
