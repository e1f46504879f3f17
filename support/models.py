"""The selection decision of each candidacy, and the cohorts (« actions collectives ») of retained establishments."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from calls.models import Call
from dossiers.models import Dossier
from qvct.limits import EVALUATION_TEXT, REASON_TEXT

from .enums import SelectionOutcome


class Selection(models.Model):
    """The committee's decision on a candidacy; the dossier's state follows it through the transition table."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="selection")
    outcome = models.CharField("décision", max_length=12, choices=SelectionOutcome.choices)
    reason = models.TextField("motif", blank=True, max_length=REASON_TEXT)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "décision de sélection"
        verbose_name_plural = "décisions de sélection"

    def __str__(self) -> str:
        return f"{self.dossier.reference} : {self.get_outcome_display()}"


class Cohort(models.Model):
    """One « action collective »: the retained establishments of a wave, three of them hosting the sessions."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField("nom", max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "groupe d'accompagnement"
        verbose_name_plural = "groupes d'accompagnement"
        ordering = ["call", "pk"]

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="cohort_membership")
    host = models.BooleanField("site d'accueil", default=False)

    class Meta:
        verbose_name = "établissement du groupe"
        verbose_name_plural = "établissements du groupe"

    def __str__(self) -> str:
        return f"{self.cohort} — {self.dossier.reference}"


class Session(models.Model):
    """A session of the cohort's plan: collective (on site, at a host) or individual (remote, one establishment)."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", "Temps collectif"
        INDIVIDUAL = "individual", "Temps individualisé"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField("numéro")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    host = models.ForeignKey(
        CohortMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="hosted_sessions"
    )
    member = models.ForeignKey(
        CohortMember, on_delete=models.CASCADE, null=True, blank=True, related_name="individual_sessions"
    )
    agenda = models.TextField("programme", blank=True, max_length=REASON_TEXT)
    invited_at = models.DateTimeField("invitations envoyées le", null=True, blank=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.number}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.COLLECTIVE:
            return f"Temps collectif n° {self.number}"
        return f"Temps individualisé n° {self.number}"


class Attendance(models.Model):
    """Whether one trinôme member attended one session; recorded by the facilitator or the ARS."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("dossiers.TrinomeMember", on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField("présent", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "présence"
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.person}"


class Meeting(models.Model):
    """Intersession work in the establishment: a copil, a working group, or a discussion space on work (EDT)."""

    class Kind(models.TextChoices):
        COPIL = "copil", "Comité de pilotage"
        WORKING_GROUP = "working_group", "Groupe de travail"
        EDT = "edt", "Espace de discussion sur le travail"

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("type", max_length=15, choices=Kind.choices)
    held_on = models.DateField("date")
    team = models.CharField("équipe ou participants", max_length=200)
    themes = models.TextField("thèmes abordés", max_length=REASON_TEXT)
    outcomes = models.TextField("propositions ou décisions produites", blank=True, max_length=REASON_TEXT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "réunion intersession"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"


class Experiment(models.Model):
    """What the establishment tests, over a bounded time, with follow-up indicators and adjustments."""

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="experiments")
    title = models.CharField("ce qui est testé", max_length=200)
    description = models.TextField("description", blank=True, max_length=REASON_TEXT)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    adjustments = models.TextField("ajustements", blank=True, max_length=REASON_TEXT)
    transversal = models.BooleanField("action transversale", default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "expérimentation"
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="experiment_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("indicateur de suivi", max_length=200)
    unit = models.CharField("unité", max_length=40, blank=True)

    class Meta:
        verbose_name = "indicateur de suivi"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField("date de la mesure")
    value = models.DecimalField("valeur", max_digits=12, decimal_places=2)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        verbose_name = "mesure"
        ordering = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator} : {self.value}"


class FacilitatorNote(models.Model):
    """The ARACT facilitator's note on an establishment's progress; the ARS reads it."""

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField("date", default=timezone.localdate)
    text = models.TextField("note", max_length=REASON_TEXT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        verbose_name = "note de l'intervenante"
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Note du {self.written_on:%d/%m/%Y}"


LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
}


def logo_path(logo: "Logo", filename: str) -> str:
    return f"logos/{logo.call_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def _logo_type(file) -> None:
    if Path(file.name).suffix.lower() not in LOGO_TYPES:
        raise ValidationError("Le logo doit être un fichier PNG, JPEG, SVG ou PDF.")


class SelfEvaluation(models.Model):
    """The establishment's own evaluation of its approach, quantitative and qualitative, one per establishment."""

    class Appreciation(models.IntegerChoices):
        POOR = 1, "1 — Très insatisfaisante"
        WEAK = 2, "2 — Insatisfaisante"
        MIXED = 3, "3 — Mitigée"
        GOOD = 4, "4 — Satisfaisante"
        EXCELLENT = 5, "5 — Très satisfaisante"

    member = models.OneToOneField(CohortMember, on_delete=models.CASCADE, related_name="evaluation")
    agents_involved = models.PositiveIntegerField("agents impliqués dans la démarche")
    actions_done = models.PositiveIntegerField("actions menées")
    actions_continued = models.PositiveIntegerField("actions poursuivies après l'expérimentation")
    appreciation = models.PositiveSmallIntegerField("appréciation d'ensemble", choices=Appreciation.choices)
    changes = models.TextField("ce qui a changé pour les équipes", max_length=EVALUATION_TEXT)
    difficulties = models.TextField("difficultés rencontrées", blank=True, max_length=EVALUATION_TEXT)
    next_steps = models.TextField("et après", blank=True, max_length=EVALUATION_TEXT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "évaluation de l'établissement"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actions_continued__lte=models.F("actions_done")),
                name="evaluation_continued_within_done",
            ),
            models.CheckConstraint(
                condition=models.Q(appreciation__gte=1, appreciation__lte=5),
                name="evaluation_appreciation_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"Évaluation de {self.member}"


class Logo(models.Model):
    """A logo of the communication kit of a call, uploaded by an administrator (back office)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("nom", max_length=120, help_text="Par exemple : Logo de l'ARS Normandie.")
    file = models.FileField("fichier", upload_to=logo_path, max_length=200, validators=[_logo_type])
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "logo du kit de communication"
        verbose_name_plural = "logos du kit de communication"
        ordering = ["call", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def content_type(self) -> str:
        return LOGO_TYPES.get(Path(self.file.name).suffix.lower(), "application/octet-stream")

    @property
    def download_name(self) -> str:
        return f"{slugify(self.name) or 'logo'}{Path(self.file.name).suffix.lower()}"
