"""An export run by the background worker: what was asked, its progress, and the file once written."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def export_path(job: "ExportJob", filename: str) -> str:
    # A random name: the path says nothing of the list and two exports never collide.
    return f"exports/{uuid.uuid4().hex}/{filename}"


class ExportJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("liste", max_length=40)
    title = models.CharField("intitulé", max_length=80)
    fmt = models.CharField("format", max_length=4)
    params = models.JSONField("filtres de la liste", default=dict)
    columns = models.JSONField("colonnes", default=list)
    created_at = models.DateTimeField(default=timezone.now)
    done = models.PositiveIntegerField("lignes écrites", default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    error = models.TextField(blank=True)
    # When its file was removed, `QVCT_EXPORT_KEEP_DAYS` after it was written (jobs.exports_purge).
    purged_at = models.DateTimeField("fichier supprimé le", null=True, blank=True)

    class Meta:
        app_label = "qvct"
        verbose_name = "export en arrière-plan"
        verbose_name_plural = "exports en arrière-plan"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Export {self.title} ({self.fmt})"

    @property
    def running(self) -> bool:
        return self.finished_at is None
