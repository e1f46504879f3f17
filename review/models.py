"""What only ARS agents see: private annotations on dossiers and each instructor's saved list filters."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dossiers.models import Dossier
from qvct.limits import ANNOTATION_TEXT, COMMENT_TEXT, INTERVIEW_TEXT


class Annotation(models.Model):
    """A private note of the ARS on a dossier: never shown to the establishment, in no export of theirs."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    at = models.DateTimeField("le", default=timezone.now)
    text = models.TextField("annotation", max_length=ANNOTATION_TEXT)

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


class CommitteeAssignment(models.Model):
    """A committee member asked to score one admissible dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="committee_assignments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="committee_assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField("notation remise le", null=True, blank=True)

    class Meta:
        verbose_name = "attribution au comité"
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "member"], name="one_assignment_per_member_and_dossier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier.reference} → {self.member}"


class CriterionScore(models.Model):
    assignment = models.ForeignKey(CommitteeAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField("critère", max_length=60)
    score = models.PositiveSmallIntegerField("note", null=True, blank=True)
    comment = models.TextField("commentaire", blank=True, max_length=COMMENT_TEXT)

    class Meta:
        verbose_name = "note par critère"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} : {self.score}"


class ConflictOfInterest(models.Model):
    """A committee member's link to an establishment: they may not score its dossiers."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    establishment = models.ForeignKey(
        "referential.Establishment", on_delete=models.CASCADE, related_name="conflicts"
    )
    note = models.CharField("lien déclaré", max_length=300)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "conflit d'intérêts"
        verbose_name_plural = "conflits d'intérêts"
        constraints = [
            models.UniqueConstraint(fields=["member", "establishment"], name="one_conflict_per_establishment")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.establishment}"


class Interview(models.Model):
    """The ARACT's preliminary interview with a candidate to a support programme; it feeds the committee."""

    class Mode(models.TextChoices):
        ON_SITE = "on_site", "Sur site"
        VISIO = "visio", "Visioconférence"

    class Opinion(models.TextChoices):
        FAVOURABLE = "favourable", "Favorable"
        RESERVED = "reserved", "Réservé"
        UNFAVOURABLE = "unfavourable", "Défavorable"

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="interview")
    scheduled_on = models.DateField("date de l'entretien")
    mode = models.CharField("modalité", max_length=10, choices=Mode.choices)
    notes = models.TextField("compte rendu", blank=True, max_length=INTERVIEW_TEXT)
    opinion = models.CharField("avis", max_length=15, choices=Opinion.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "entretien préalable"

    def __str__(self) -> str:
        return f"Entretien {self.dossier.reference}"
