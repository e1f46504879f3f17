"""Allocation scenarios of a call: the problem's parameters and the engine's result, one of them chosen."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from calls.models import Call


class Scenario(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField("nom", max_length=80)
    envelope = models.DecimalField("enveloppe (€)", max_digits=14, decimal_places=2)
    method = models.CharField(
        "méthode", max_length=10, choices=[("rank", "Au classement"), ("optimal", "Optimale (HiGHS)")]
    )
    partial = models.BooleanField("financement partiel", default=False)
    floors = models.JSONField("planchers par département (€)", default=dict, blank=True)
    problem = models.JSONField("problème qvct.allocation/1")
    result = models.JSONField("résultat qvct.allocation/1")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    chosen_at = models.DateTimeField("retenu le", null=True, blank=True)

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
