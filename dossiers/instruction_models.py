"""What the ARS records while instructing a dossier: rounds of complements and lifted findings (models of the
dossiers app, kept in their own module)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from qvct.limits import REASON_TEXT


class ComplementRequest(models.Model):
    """One round of complements: what the ARS asks for, by when, and when the porteur answered."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="complement_requests"
    )
    round = models.PositiveSmallIntegerField("tour")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    requested_at = models.DateTimeField("demandés le", default=timezone.now)
    due_date = models.DateField("à fournir avant le")
    message = models.TextField("précisions", max_length=REASON_TEXT)
    # [{"part": "projet" | "action:12" | "piece:duerp", "label": "Présentation du projet"}, …]
    items = models.JSONField("éléments demandés", default=list)
    reminded_at = models.DateTimeField("relance envoyée le", null=True, blank=True)
    answered_at = models.DateTimeField("renvoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "demande de compléments"
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["dossier", "round"], name="unique_complement_round")]

    def __str__(self) -> str:
        return f"Compléments n° {self.round} — {self.dossier.reference}"


class FindingOverride(models.Model):
    """A finding lifted by an instructor, with the written justification; it stays in the history."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="overrides")
    code = models.CharField("code", max_length=40)
    action = models.PositiveSmallIntegerField("action (0 : le dossier)", default=0)
    justification = models.TextField("justification", max_length=REASON_TEXT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "constat levé"
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code", "action"], name="one_override_per_finding")
        ]

    def __str__(self) -> str:
        return f"{self.code} levé sur {self.dossier.reference}"
