"""The figures of each call as last computed: what the dashboards read instead of aggregating every action."""

from django.db import models

from calls.models import Call


class CallFigures(models.Model):
    """One call's dossiers and actions counted and summed by every breakdown and filter of the dashboards
    (stats/figures.py); dated, so that the page says how fresh its figures are."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="figures")
    computed_at = models.DateTimeField("calculés le")
    # Set when a reading found the figures too old and asked the task worker for new ones; cleared by the task.
    refresh_requested_at = models.DateTimeField("nouveau calcul demandé le", null=True, blank=True)
    rows = models.JSONField("chiffres", default=dict)

    class Meta:
        verbose_name = "chiffres d'un appel"
        verbose_name_plural = "chiffres des appels"

    def __str__(self) -> str:
        return f"Chiffres de {self.call}"
