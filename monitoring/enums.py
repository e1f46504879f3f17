"""The states of the follow-up: an action's progress, a spending line's validation, a report's kind and state."""

from django.db import models


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Non commencée"
    STARTED = "started", "Commencée"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


class LineStatus(models.TextChoices):
    SUBMITTED = "submitted", "À valider"
    ACCEPTED = "accepted", "Acceptée"
    REJECTED = "rejected", "Rejetée"
    DOCUMENT_REQUESTED = "document_requested", "Pièce demandée"


class ReportKind(models.TextChoices):
    INTERIM = "interim", "Compte rendu intermédiaire"
    FINAL = "final", "Compte rendu final"


class ReportStatus(models.TextChoices):
    EXPECTED = "expected", "Attendu"
    SUBMITTED = "submitted", "Transmis"
    VALIDATED = "validated", "Validé"


class EventKind(models.TextChoices):
    OPENED = "opened", "Suivi ouvert"
    PROGRESS = "progress", "Avancement de l'action"
    MEASUREMENT = "measurement", "Mesure d'indicateur"
    LINE_ADDED = "line_added", "Dépense déclarée"
    LINE = "line", "Validation d'une dépense"
    REPORT_SUBMITTED = "report_submitted", "Compte rendu transmis"
    REPORT_VALIDATED = "report_validated", "Compte rendu validé"
    SCHEDULE = "schedule", "Échéance modifiée"
    REMINDER = "reminder", "Relance"
    CLOSED = "closed", "Clôture et reprise"
