"""Convention templates (editable by campaign managers in the back office) and the conventions themselves."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ConventionTemplate(models.Model):
    """The text of a call's conventions (agreements/convention_template.py); the shipped default serves otherwise."""

    call = models.OneToOneField(
        "calls.Call", on_delete=models.CASCADE, related_name="convention_template", verbose_name="appel"
    )
    body = models.TextField(
        "texte de la convention",
        help_text="Valeurs du dossier entre {{ et }}, balises {% if %} et {% for %} seulement.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "modèle de convention"
        verbose_name_plural = "modèles de convention"

    def __str__(self) -> str:
        return f"Convention — {self.call}"


def convention_path(convention: "Convention", filename: str) -> str:
    return f"conventions/{convention.dossier_id}/{uuid.uuid4().hex}.pdf"


class Convention(models.Model):
    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT, related_name="convention")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)
    file = models.FileField("convention à signer", upload_to=convention_path, max_length=200)
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    signed_file = models.FileField("convention signée", upload_to=convention_path, max_length=200, blank=True)
    signed_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    establishment_signed_on = models.DateField("signée par l'établissement le", null=True, blank=True)
    agency_signed_on = models.DateField("signée par l'ARS le", null=True, blank=True)

    class Meta:
        verbose_name = "convention"

    def __str__(self) -> str:
        return f"Convention {self.dossier.reference}"

    @property
    def fully_signed(self) -> bool:
        return bool(self.establishment_signed_on and self.agency_signed_on and self.signed_file)
