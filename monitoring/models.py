"""The follow-up of a signed convention: schedule of reports, per-action progress, measurements, spending
statement lines with their validation, an append-only history, and the closing with its recovery."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from qvct.limits import REASON_TEXT

from .enums import EventKind, LineStatus, Progress, ReportKind, ReportStatus

MEASURE_TEXT = 60  # like an indicator's baseline and target (dossiers.Indicator)


class FollowUp(models.Model):
    """One per dossier whose convention is signed: what was granted, at which rate, until when."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT, related_name="monitoring")
    granted = models.DecimalField("montant accordé (€)", max_digits=12, decimal_places=2)
    subsidy_rate = models.DecimalField("taux de subvention (%)", max_digits=5, decimal_places=2)
    granted_on = models.DateField("date d'octroi")
    consumption_deadline = models.DateField("date limite de consommation")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField("clôturé le", null=True, blank=True)

    class Meta:
        verbose_name = "suivi d'une convention"
        verbose_name_plural = "suivis des conventions"

    def __str__(self) -> str:
        return f"Suivi {self.dossier.reference}"


class Report(models.Model):
    """A report due by the establishment for a period: interim or final."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("nature", max_length=10, choices=ReportKind.choices)
    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    due_on = models.DateField("à transmettre avant le")
    status = models.CharField(
        "état", max_length=10, choices=ReportStatus.choices, default=ReportStatus.EXPECTED
    )
    comment = models.TextField("commentaire de l'établissement", blank=True, max_length=REASON_TEXT)
    submitted_at = models.DateTimeField("transmis le", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField("validé le", null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    # Each reminder once: set by a conditional update before the e-mail is written.
    reminded_before_at = models.DateTimeField("relance avant échéance le", null=True, blank=True)
    reminded_late_at = models.DateTimeField("relance après échéance le", null=True, blank=True)

    class Meta:
        verbose_name = "compte rendu"
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["follow_up", "kind"], name="one_report_per_kind")]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.follow_up.dossier.reference}"


class ActionFollowUp(models.Model):
    """The follow-up of one funded action: its progress and what it was granted."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="actions")
    action = models.OneToOneField("dossiers.Action", on_delete=models.PROTECT, related_name="monitoring")
    granted = models.DecimalField("accordé (€)", max_digits=12, decimal_places=2)
    progress = models.CharField(
        "avancement", max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    started_on = models.DateField("commencée le", null=True, blank=True)
    done_on = models.DateField("réalisée le", null=True, blank=True)
    abandon_reason = models.TextField("motif de l'abandon", blank=True, max_length=REASON_TEXT)
    closed_at = models.DateTimeField("close le", null=True, blank=True)

    class Meta:
        verbose_name = "suivi d'une action"
        ordering = ["action__position"]

    def __str__(self) -> str:
        return f"Suivi de l'action « {self.action.title} »"

    @property
    def implemented(self) -> bool:
        return self.progress in {Progress.STARTED, Progress.DONE}


class Measurement(models.Model):
    """One dated value of an indicator of the action, read against its baseline and target."""

    action_follow_up = models.ForeignKey(
        ActionFollowUp, on_delete=models.CASCADE, related_name="measurements"
    )
    indicator = models.ForeignKey("dossiers.Indicator", on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField("mesurée le")
    value = models.CharField("valeur", max_length=MEASURE_TEXT)
    comment = models.CharField("commentaire", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "mesure d'indicateur"
        ordering = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator.name} : {self.value}"


def invoice_path(line: "SpendingLine", filename: str) -> str:
    return f"suivi/{line.action_follow_up_id}/{uuid.uuid4().hex}"


class SpendingLine(models.Model):
    """One line of a spending statement: an invoice of the action, validated by the ARS (workflow.py)."""

    action_follow_up = models.ForeignKey(ActionFollowUp, on_delete=models.CASCADE, related_name="lines")
    invoice_date = models.DateField("date de la facture")
    supplier = models.CharField("fournisseur", max_length=120)
    amount = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    nature = models.CharField("nature de la dépense", max_length=30)
    file = models.FileField("facture", upload_to=invoice_path, max_length=200)
    original_name = models.CharField("nom d'origine", max_length=200)
    size = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    content_type = models.CharField("type reconnu", max_length=100)
    scan_status = models.CharField("antivirus", max_length=10)
    status = models.CharField("état", max_length=20, choices=LineStatus.choices, default=LineStatus.SUBMITTED)
    reason = models.TextField("motif", blank=True, max_length=REASON_TEXT)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ligne d'état récapitulatif des dépenses"
        ordering = ["invoice_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="spending_line_positive")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} — {self.amount} €"


class MonitoringEvent(models.Model):
    """One line of the follow-up's history: who, when, what and why. Never updated, never deleted."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="events")
    line = models.ForeignKey(
        SpendingLine, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    kind = models.CharField("nature", max_length=20, choices=EventKind.choices)
    transition = models.CharField("transition", max_length=40, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    summary = models.CharField("résumé", max_length=300)
    reason = models.TextField("motif", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "événement du suivi"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.summary

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("L'historique du suivi ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("L'historique du suivi ne s'efface pas.")


def recovery_letter_path(closing: "Closing", filename: str) -> str:
    return f"reprises/{closing.follow_up_id}/{uuid.uuid4().hex}.pdf"


class Closing(models.Model):
    """The closing of a follow-up: what was justified, what the ARS owes, what it recovers and where."""

    follow_up = models.OneToOneField(FollowUp, on_delete=models.PROTECT, related_name="closing")
    establishment = models.ForeignKey(
        "referential.Establishment", on_delete=models.PROTECT, related_name="closings"
    )
    justified = models.DecimalField("dépenses éligibles justifiées (€)", max_digits=12, decimal_places=2)
    non_conforming = models.DecimalField("dépenses non conformes (€)", max_digits=12, decimal_places=2)
    due = models.DecimalField("part ARS due (€)", max_digits=12, decimal_places=2)
    to_recover = models.DecimalField("montant à reprendre (€)", max_digits=12, decimal_places=2)
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    letter = models.FileField("lettre de reprise", upload_to=recovery_letter_path, max_length=200, blank=True)
    # The next notification of the establishment that deducts it (funding letters show it).
    deducted_in = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="deductions"
    )

    class Meta:
        verbose_name = "clôture et reprise"
        verbose_name_plural = "clôtures et reprises"
        constraints = [
            models.CheckConstraint(condition=models.Q(to_recover__gte=0), name="recovery_not_negative")
        ]

    def __str__(self) -> str:
        return f"Clôture {self.follow_up.dossier.reference}"
