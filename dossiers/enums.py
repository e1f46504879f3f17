"""States, events and kinds of the dossier workflow; never string literals elsewhere."""

from django.db import models


class DossierStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposé"
    IN_REVIEW = "in_review", "En instruction"
    COMPLEMENTS_REQUESTED = "complements_requested", "Compléments demandés"
    ADMISSIBLE = "admissible", "Recevable"
    INADMISSIBLE = "inadmissible", "Irrecevable"
    WITHDRAWN = "withdrawn", "Désisté"
    SELECTED = "selected", "Retenu"
    NOT_SELECTED = "not_selected", "Non retenu"
    WAITLISTED = "waitlisted", "Liste d'attente"
    NOTIFIED = "notified", "Notifié"
    CONVENTION_SIGNED = "convention_signed", "Convention signée"


OPEN_STATUSES = frozenset(
    {
        DossierStatus.DRAFT,
        DossierStatus.SUBMITTED,
        DossierStatus.IN_REVIEW,
        DossierStatus.COMPLEMENTS_REQUESTED,
    }
)


class EventKind(models.TextChoices):
    CREATED = "created", "Dossier créé"
    EDITED = "edited", "Modification"
    ACTION_ADDED = "action_added", "Action ajoutée"
    ACTION_REMOVED = "action_removed", "Action supprimée"
    ACTION_MOVED = "action_moved", "Action déplacée"
    DOCUMENT_ADDED = "document_added", "Pièce ajoutée"
    DOCUMENT_REMOVED = "document_removed", "Pièce retirée"
    EDITOR_INVITED = "editor_invited", "Co-rédacteur invité"
    EDITOR_JOINED = "editor_joined", "Co-rédacteur arrivé"
    INVITATION_REVOKED = "invitation_revoked", "Invitation révoquée"
    EDITOR_REMOVED = "editor_removed", "Co-rédacteur retiré"
    ASSIGNED = "assigned", "Attribution"
    FINDING_OVERRIDDEN = "finding_overridden", "Constat levé"
    MESSAGE = "message", "Message"
    REMINDER = "reminder", "Relance"
    DECISION = "decision", "Décision de financement"
    TRANSITION = "transition", "Changement d'état"


class ScanStatus(models.TextChoices):
    PENDING = "pending", "Analyse en attente"
    UNSCANNED = "unscanned", "Non analysé : antivirus non configuré"
    SAFE = "safe", "Sain"
    INFECTED = "infected", "Infecté"


class InvitationState(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REVOKED = "revoked", "Révoquée"
    EXPIRED = "expired", "Expirée"
