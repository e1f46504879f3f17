"""Territories, FINESS legal statuses and establishments, as the reference every dossier points to."""

from django.db import models

from .enums import LegalGroup, Sector


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=80)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=80)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name="région"
    )

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LegalStatus(models.Model):
    code = models.CharField("code FINESS", max_length=2, primary_key=True)
    label = models.CharField("libellé", max_length=120)
    group = models.CharField("groupe", max_length=20, choices=LegalGroup.choices, blank=True)

    class Meta:
        verbose_name = "statut juridique"
        verbose_name_plural = "statuts juridiques"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class Establishment(models.Model):
    """A geographical establishment (FINESS ET), with the legal entity (FINESS EJ) it belongs to."""

    finess = models.CharField("FINESS ET", max_length=9, unique=True)
    finess_ej = models.CharField("FINESS EJ", max_length=9, blank=True, db_index=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    name = models.CharField("raison sociale", max_length=60)
    long_name = models.CharField("raison sociale longue", max_length=120, blank=True)
    address = models.CharField("adresse", max_length=200, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=60, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="establishments", verbose_name="département"
    )
    phone = models.CharField("téléphone", max_length=10, blank=True)
    category_code = models.CharField("catégorie (code)", max_length=3, blank=True)
    category_label = models.CharField("catégorie", max_length=80, blank=True)
    category_group_code = models.CharField("agrégat de catégorie (code)", max_length=4, blank=True)
    category_group_label = models.CharField("agrégat de catégorie", max_length=80, blank=True)
    sector = models.CharField("secteur", max_length=20, choices=Sector.choices, blank=True)
    legal_status = models.ForeignKey(
        LegalStatus, on_delete=models.PROTECT, null=True, blank=True, verbose_name="statut juridique"
    )
    legal_group = models.CharField(
        "groupe de statut", max_length=20, choices=LegalGroup.choices, blank=True, default=LegalGroup.UNKNOWN
    )
    ght = models.CharField("GHT", max_length=120, blank=True)
    pricing_code = models.CharField("mode de fixation des tarifs (code)", max_length=2, blank=True)
    sph_code = models.CharField(
        "participation au service public hospitalier (code)", max_length=1, blank=True
    )
    opened_on = models.DateField("date d'ouverture", null=True, blank=True)
    finess_updated_on = models.DateField("mise à jour FINESS", null=True, blank=True)
    x = models.FloatField("coordonnée X", null=True, blank=True)
    y = models.FloatField("coordonnée Y", null=True, blank=True)

    class Meta:
        verbose_name = "établissement"
        ordering = ["name"]
        indexes = [models.Index(fields=["department", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.finess})"

    @property
    def display_name(self) -> str:
        return self.long_name or self.name
