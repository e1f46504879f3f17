"""Allocation scenarios of a call: the problem's parameters and the engine's result, one of them chosen."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from calls.models import Call
from qvct.formats import euros
from qvct.limits import REASON_TEXT

from .allocation_input import METHOD_LABELS, Method


class Scenario(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField("nom", max_length=80)
    envelope = models.DecimalField("enveloppe (€)", max_digits=14, decimal_places=2)
    method = models.CharField(
        "méthode", max_length=10, choices=[(method.value, METHOD_LABELS[method]) for method in Method]
    )
    partial = models.BooleanField("financement partiel", default=False)
    floors = models.JSONField("planchers par département (€)", default=dict, blank=True)
    problem = models.JSONField("problème qvct.allocation/1")
    result = models.JSONField("résultat qvct.allocation/1")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    chosen_at = models.DateTimeField("retenu le", null=True, blank=True)
    validated_at = models.DateTimeField("décisions validées le", null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "scénario de répartition"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"],
                condition=models.Q(chosen_at__isnull=False),
                name="one_chosen_scenario_per_call",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.call.short_title})"


class ScenarioRun(models.Model):
    """A large scenario computed in the background (django-tasks), with its progress over the dossiers read."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="scenario_runs")
    launched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    launched_at = models.DateTimeField(default=timezone.now)
    name = models.CharField("nom", max_length=80, blank=True)
    envelope = models.DecimalField("enveloppe (€)", max_digits=14, decimal_places=2)
    method = models.CharField("méthode", max_length=10)
    partial = models.BooleanField("financement partiel", default=False)
    floors = models.JSONField("planchers par département (€)", default=dict, blank=True)
    total = models.PositiveIntegerField("dossiers à lire", default=0)
    done = models.PositiveIntegerField("dossiers lus", default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    scenario = models.OneToOneField(
        Scenario, on_delete=models.SET_NULL, null=True, blank=True, related_name="run"
    )

    class Meta:
        verbose_name = "calcul de scénario en arrière-plan"
        ordering = ["-launched_at", "-pk"]

    def __str__(self) -> str:
        return f"Calcul {self.name or self.method} ({self.call.short_title})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)


class Decision(models.Model):
    """The funding decision of one action: granted amount, or refusal with its reason; locked once validated."""

    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="decisions")
    action = models.OneToOneField("dossiers.Action", on_delete=models.PROTECT, related_name="decision")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="decisions")
    fundable = models.DecimalField("montant finançable (€)", max_digits=12, decimal_places=2)
    proposed = models.DecimalField("proposé par le scénario (€)", max_digits=12, decimal_places=2)
    granted = models.DecimalField("accordé (€)", max_digits=12, decimal_places=2)
    reason = models.TextField("motif du refus ou de la réduction", blank=True, max_length=REASON_TEXT)
    justification = models.TextField("justification de l'ajustement", blank=True, max_length=REASON_TEXT)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "décision de financement"
        ordering = ["dossier__number", "action__position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(granted__gte=0) & models.Q(granted__lte=models.F("fundable")),
                name="granted_within_fundable",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} : {euros(self.granted)}"


class NotificationBatch(models.Model):
    """One run of the notification letters of a call, in the background, with its progress."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="notification_batches")
    launched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    launched_at = models.DateTimeField(default=timezone.now)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # The last letter written: a batch unfinished and silent for QVCT_BATCH_STALLED_SECONDS lost its worker.
    progressed_at = models.DateTimeField(null=True, blank=True)
    # Raised by each « Relancer »: a runner of an earlier attempt that wakes up stops at its next letter.
    attempt = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "lot de notifications"
        ordering = ["-launched_at", "-pk"]

    def __str__(self) -> str:
        return f"Notifications {self.call.short_title} du {self.launched_at:%d/%m/%Y}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)

    @property
    def stalled(self) -> bool:
        """Unfinished, and no letter written for longer than a letter ever takes: its worker died."""
        if self.finished_at is not None:
            return False
        silence = timezone.now() - (self.progressed_at or self.launched_at)
        return silence > dt.timedelta(seconds=settings.QVCT_BATCH_STALLED_SECONDS)

    @property
    def running(self) -> bool:
        return self.finished_at is None and not self.stalled

    @property
    def stopped(self) -> bool:
        """Stopped before its last letter (an error, or its worker died): « Relancer » resumes it."""
        return self.stalled or bool(self.finished_at and self.error)


class NotificationBatchResume(models.Model):
    """« Relancer » on a stopped batch: who, when, how far it had gone (append-only)."""

    batch = models.ForeignKey(NotificationBatch, on_delete=models.CASCADE, related_name="resumes")
    resumed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    resumed_at = models.DateTimeField(default=timezone.now)
    done = models.PositiveIntegerField("lettres déjà envoyées")
    emails_requeued = models.PositiveIntegerField("courriels remis en file", default=0)
    error = models.TextField("arrêt constaté", blank=True)

    class Meta:
        verbose_name = "relance d'un lot de notifications"
        ordering = ["resumed_at", "pk"]

    def __str__(self) -> str:
        return f"Relance du {self.resumed_at:%d/%m/%Y %H:%M}"


def letter_path(letter: "Letter", filename: str) -> str:

    return f"lettres/{letter.dossier_id}/{uuid.uuid4().hex}.pdf"


class Letter(models.Model):
    """The notification letter of a dossier (granted or refused), as sent."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT, related_name="letter")
    batch = models.ForeignKey(NotificationBatch, on_delete=models.PROTECT, related_name="letters")
    file = models.FileField(upload_to=letter_path, max_length=200)
    granted = models.DecimalField(max_digits=12, decimal_places=2)
    sent_at = models.DateTimeField(default=timezone.now)
    # Its e-mail in the outbox: one abandoned after its attempts is queued again by the batch's next run.
    message = models.ForeignKey(
        "mailing.OutboxMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "lettre de notification"

    def __str__(self) -> str:
        return f"Lettre {self.dossier.reference}"
