"""What the Démarches Simplifiées sync keeps: its state per call (cursors, lock, progress, report) and each DS
dossier as DS sent it, so that a dossier can be converted again without calling DS."""

from django.conf import settings
from django.db import models

from calls.models import Call
from dossiers.models import Dossier


class DsSync(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="ds_sync", verbose_name="appel")
    # The end cursor of the last page stored, per stream (dossiers, deleted…); emptied when a run completes.
    cursors = models.JSONField("curseurs", default=dict, blank=True)
    # The start of the last complete run: the next one asks DS only for what changed since.
    since = models.DateTimeField("modifiés depuis", null=True, blank=True)
    # Held by the running sync (conditional update); a sync killed leaves it to expire.
    locked_until = models.DateTimeField("verrou jusqu'à", null=True, blank=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done = models.PositiveIntegerField("dossiers traités", default=0)
    failed = models.BooleanField("échouée", default=False)
    report = models.JSONField("compte rendu", default=list, blank=True)

    class Meta:
        verbose_name = "synchronisation Démarches Simplifiées"

    def __str__(self) -> str:
        return f"Synchronisation DS — {self.call}"

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.finished_at is None


class DsDossier(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="ds_dossiers")
    number = models.PositiveIntegerField("numéro DS")
    ds_id = models.CharField("identifiant DS", max_length=60)
    dossier = models.OneToOneField(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="ds_dossier"
    )
    state = models.CharField("état sur DS", max_length=40)
    raw = models.JSONField("réponse DS")
    ds_updated_at = models.DateTimeField("modifié sur DS le", null=True, blank=True)
    deleted_at = models.DateTimeField("supprimé sur DS le", null=True, blank=True)
    synced_at = models.DateTimeField("synchronisé le", auto_now=True)
    # Files left out (virus scan not `safe`), champs that could not be read, why a dossier was not taken in.
    warnings = models.JSONField("avertissements", default=list, blank=True)
    outcome = models.CharField("résultat", max_length=300, blank=True)

    class Meta:
        verbose_name = "dossier Démarches Simplifiées"
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="one_ds_dossier_per_call_and_number")
        ]

    def __str__(self) -> str:
        return f"DS n° {self.number}"


class WriteBackOperation(models.TextChoices):
    IN_REVIEW = "passer_en_instruction", "Passage en instruction"
    ACCEPT = "accepter", "Acceptation"
    REFUSE = "refuser", "Refus"


class DsWriteBack(models.Model):
    """One decision to send back to DS, sent once, retried with a growing delay until DS takes it."""

    ds_dossier = models.ForeignKey(DsDossier, on_delete=models.CASCADE, related_name="writebacks")
    operation = models.CharField("opération", max_length=30, choices=WriteBackOperation.choices)
    motivation = models.TextField("motivation", blank=True)
    with_letter = models.BooleanField("avec la lettre de notification", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField("essais", default=0)
    # Also the lease: an attempt moves it forward first, so that two workers never send the same one.
    next_attempt_at = models.DateTimeField("prochain essai")
    done_at = models.DateTimeField("transmis le", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "renvoi vers Démarches Simplifiées"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ds_dossier", "operation"], name="one_writeback_per_operation")
        ]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} — DS n° {self.ds_dossier.number}"
