"""What only ARS agents see: private annotations on dossiers and each instructor's saved list filters."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dossiers.models import Dossier


class Annotation(models.Model):
    """A private note of the ARS on a dossier: never shown to the establishment, in no export of theirs."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    at = models.DateTimeField("le", default=timezone.now)
    text = models.TextField("annotation")

    class Meta:
        verbose_name = "annotation privée"
        verbose_name_plural = "annotations privées"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Annotation du {self.at:%d/%m/%Y} — {self.dossier.reference}"


class SavedFilter(models.Model):
    """A named set of filters, sort and columns of the instruction list, for one user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField("nom", max_length=80)
    query = models.CharField("filtres", max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "filtre enregistré"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="unique_saved_filter_name")]

    def __str__(self) -> str:
        return self.name
