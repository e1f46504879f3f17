"""Dossiers, their actions, documents, partners, trinôme and append-only history, as real columns."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from calls.enums import TrinomeRoleChoice
from calls.models import Call
from qvct.formats import euros
from qvct.limits import ACTION_TEXT, REASON_TEXT, SECTION_TEXT
from referential.models import Establishment

from . import workflow
from .enums import DossierStatus, EventKind, ScanStatus
from .invitation_models import Invitation  # noqa: F401  (a model of this app, kept in its own module)


class DossierQuerySet(models.QuerySet):
    def editable_by(self, user):
        """The dossiers a porteur may open: those of their establishments, and those they co-edit."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(establishment__members=user) | Q(editors=user)).distinct()


KEPT_BY_TRIGGERS = frozenset(
    {
        "requested_total",
        "actions_count",
        "establishment_name",
        "establishment_finess",
        "establishment_department",
    }
)


class Dossier(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="dossiers", verbose_name="appel")
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="dossiers", verbose_name="établissement porteur"
    )
    number = models.PositiveIntegerField("numéro dans l'appel")
    reference = models.CharField("référence", max_length=40, unique=True)
    status = models.CharField(
        "état", max_length=30, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    submitted_at = models.DateTimeField("déposé le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+", verbose_name="créé par"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coedited_dossiers", verbose_name="co-rédacteurs"
    )

    # Identification: what the reference data does not hold (the rest is read from the establishment).
    contact_name = models.CharField("nom du contact", max_length=120, blank=True)
    contact_email = models.EmailField("adresse du contact", blank=True)
    contact_phone = models.CharField("téléphone du contact", max_length=20, blank=True)
    ght = models.CharField("GHT", max_length=120, blank=True)
    headcount = models.PositiveIntegerField("effectif total", null=True, blank=True)
    fte_medical = models.DecimalField(
        "ETP personnel médical", max_digits=9, decimal_places=2, null=True, blank=True
    )
    fte_non_medical = models.DecimalField(
        "ETP personnel non médical", max_digits=9, decimal_places=2, null=True, blank=True
    )
    beds_and_places = models.PositiveIntegerField("lits et places", null=True, blank=True)
    absenteeism_rate = models.DecimalField(
        "taux d'absentéisme (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    turnover_rate = models.DecimalField(
        "taux de turn-over (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )

    # Project.
    scope = models.TextField("pôles ou établissement concernés", blank=True, max_length=SECTION_TEXT)
    diagnostic = models.TextField(
        "diagnostic : modalités et principaux résultats", blank=True, max_length=SECTION_TEXT
    )
    objectives = models.TextField(
        "objectifs poursuivis et résultats attendus", blank=True, max_length=SECTION_TEXT
    )
    schedule = models.TextField(
        "calendrier et modalités de mise en œuvre", blank=True, max_length=SECTION_TEXT
    )
    follow_up = models.TextField("modalités de suivi du contrat", blank=True, max_length=SECTION_TEXT)
    # Support programmes: one text per selection criterion of the call, keyed by the criterion's code.
    motivation = models.JSONField("motivation par critère", default=dict, blank=True)

    findings = models.JSONField("constats de recevabilité au dépôt", default=list, blank=True)
    # The codes of the stored findings that no instructor has lifted, spaced (" A B "), so that the list
    # filters on them with a plain LIKE on every database; `has_blocking` likewise.
    finding_codes = models.CharField("codes des constats retenus", max_length=600, blank=True)
    has_blocking = models.BooleanField("constat bloquant retenu", default=False)
    # Kept by the database's triggers on the actions (migration 0013), whoever writes them; the list sorts on them.
    requested_total = models.DecimalField(
        "demande ARS totale (€)", max_digits=14, decimal_places=2, default=0
    )
    actions_count = models.PositiveIntegerField("nombre d'actions", default=0)
    # The establishment's columns the instruction list sorts and filters on, copied by the database's triggers
    # (migration 0015) when a dossier is written and when its establishment changes: the list then sorts and
    # filters the dossiers alone, without joining 100,000 of them to their establishments first.
    # Null only until the trigger copies them (the migration could then add them without rebuilding the table).
    establishment_name = models.CharField(  # noqa: DJ001
        "raison sociale de l'établissement", max_length=60, null=True, blank=True
    )
    establishment_finess = models.CharField(  # noqa: DJ001
        "FINESS de l'établissement", max_length=9, null=True, blank=True
    )
    establishment_department = models.CharField(  # noqa: DJ001
        "département de l'établissement", max_length=3, null=True, blank=True
    )

    # Instruction.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name="instructeur·rice",
    )
    complements_due = models.DateField("compléments attendus avant le", null=True, blank=True)
    # What the porteur may change while complements are requested: section keys, "action:<id>", "piece:<kind>".
    complements_parts = models.JSONField("parties à compléter", default=list, blank=True)
    decided_at = models.DateTimeField("décision de recevabilité le", null=True, blank=True)
    decision_reason = models.TextField("motifs de la décision", blank=True, max_length=REASON_TEXT)
    import_sha256 = models.CharField("empreinte du dernier import", max_length=64, blank=True)
    withdrawn_reason = models.TextField("motif du désistement", blank=True, max_length=REASON_TEXT)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "establishment"], name="one_dossier_per_establishment_and_call"
            ),
            models.UniqueConstraint(fields=["call", "number"], name="unique_dossier_number_in_call"),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["requested_total", "id"], name="dossier_requested_total"),
            models.Index(fields=["actions_count", "id"], name="dossier_actions_count"),
            models.Index(fields=["establishment_name", "id"], name="dossier_establishment_name"),
            models.Index(fields=["establishment_finess", "id"], name="dossier_establishment_finess"),
            models.Index(fields=["establishment_department", "id"], name="dossier_establishment_dept"),
            models.Index(fields=["call", "submitted_at", "id"], name="dossier_call_submitted"),
            models.Index(fields=["has_blocking", "id"], name="dossier_has_blocking"),
            models.Index(fields=["complements_due", "id"], name="dossier_complements_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.establishment.name}"

    def save(self, *args, **kwargs):
        # A dossier read before its actions changed never writes its stale totals back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kept = KEPT_BY_TRIGGERS | {self._meta.pk.name} | self.get_deferred_fields()
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields if f.attname not in kept]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:

        return reverse("dossiers:detail", kwargs={"reference": self.reference})

    @property
    def in_complements(self) -> bool:
        """Complements are requested and their due date (Paris time, inclusive) has not passed."""
        return (
            self.status == DossierStatus.COMPLEMENTS_REQUESTED
            and self.complements_due is not None
            and timezone.localdate() <= self.complements_due
        )

    @property
    def is_editable(self) -> bool:
        """Some part of the dossier can be changed by its porteur: a draft, or complements being answered."""
        return self.status == DossierStatus.DRAFT or self.in_complements

    def can_edit(self, part: str) -> bool:
        """Whether the porteur may change `part`: a section key, "action:<id>" or "piece:<kind>"."""
        if self.status == DossierStatus.DRAFT:
            return True
        if not self.in_complements:
            return False
        parts = set(self.complements_parts)
        if part in parts:
            return True
        section = {"action": "actions", "piece": "pieces"}.get(part.partition(":")[0])
        return section in parts

    @property
    def public_status(self) -> str:
        """The state as the establishment knows it (a funding decision shows once notified)."""

        return workflow.public_status(self.status)

    @property
    def admissibility_label(self) -> str:
        """« recevable » or « irrecevable » once decided, whatever came after (selection, notification…)."""
        if self.decided_at is None:
            return ""
        return "irrecevable" if self.status == DossierStatus.INADMISSIBLE else "recevable"

    def get_public_status_display(self) -> str:
        return DossierStatus(self.public_status).label

    @property
    def can_withdraw(self) -> bool:

        return self.status in workflow.TRANSITIONS["withdraw"].source


class Partner(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="partners")
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "établissement partenaire"
        constraints = [models.UniqueConstraint(fields=["dossier", "establishment"], name="unique_partner")]

    def __str__(self) -> str:
        return str(self.establishment)


class TrinomeMember(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="trinome")
    role = models.CharField(
        "rôle",
        max_length=30,
        choices=TrinomeRoleChoice.choices,
    )
    name = models.CharField("nom", max_length=120)
    email = models.EmailField("adresse électronique", blank=True)

    class Meta:
        verbose_name = "membre du trinôme"
        constraints = [
            models.UniqueConstraint(fields=["dossier", "role"], name="one_trinome_member_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.name}"


class Action(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField("ordre")
    title = models.CharField("intitulé", max_length=200)
    axis = models.CharField("axe", max_length=20, blank=True)
    theme = models.CharField("thématique", max_length=60, blank=True)
    catalog_item = models.CharField("action du catalogue", max_length=60, blank=True)
    description = models.TextField("description", blank=True, max_length=ACTION_TEXT)
    motivation = models.TextField("motivation", blank=True, max_length=ACTION_TEXT)
    start = models.DateField("début", null=True, blank=True)
    end = models.DateField("fin", null=True, blank=True)
    agents_concerned = models.PositiveIntegerField("agents concernés", null=True, blank=True)
    mutualized = models.BooleanField("action mutualisée", default=False)
    expense_nature = models.CharField("nature de la dépense", max_length=30, blank=True)
    cost = models.DecimalField("coût total (€)", max_digits=12, decimal_places=2, default=0)
    requested = models.DecimalField("demande ARS (€)", max_digits=12, decimal_places=2, default=0)
    own_funding = models.DecimalField("financement propre (€)", max_digits=12, decimal_places=2, default=0)
    funded_elsewhere = models.BooleanField("déjà financée par ailleurs", default=False)
    reimbursable_elsewhere = models.BooleanField(
        "remboursable par un OPCO, l'ANFH ou la CARSAT", default=False
    )
    training_plan = models.BooleanField("formation relevant du plan de formation", default=False)
    renews_action = models.CharField("renouvelle l'action", max_length=60, blank=True)

    class Meta:
        verbose_name = "action"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class OtherFunding(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="other_funding")
    funder = models.CharField("financeur", max_length=120)
    amount = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.funder} : {euros(self.amount)}"


class Indicator(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("indicateur", max_length=200)
    unit = models.CharField("unité", max_length=60, blank=True)
    baseline = models.CharField("valeur de départ", max_length=60, blank=True)
    target = models.CharField("cible", max_length=60, blank=True)

    def __str__(self) -> str:
        return self.name


def document_path(document: "Document", filename: str) -> str:
    # Random names: the stored path reveals nothing and two uploads never collide.
    return f"dossiers/{document.dossier_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """An uploaded file: an attachment of the dossier, or a quote of one action."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="quotes")
    kind = models.CharField("nature", max_length=40)
    file = models.FileField("fichier", upload_to=document_path, max_length=200)
    original_name = models.CharField("nom d'origine", max_length=200)
    size = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    content_type = models.CharField("type reconnu", max_length=100)
    scan_status = models.CharField(
        "antivirus", max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    supplier = models.CharField("fournisseur", max_length=120, blank=True)
    amount = models.DecimalField(
        "montant du devis (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DossierEvent(models.Model):
    """One line of a dossier's history: who, when, what and why. Never updated, never deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    # RESTRICT: an account that acted on a dossier cannot be deleted, for traceability.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    kind = models.CharField("nature", max_length=30, choices=EventKind.choices)
    transition = models.CharField("transition", max_length=40, blank=True)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    summary = models.CharField("résumé", max_length=300)
    reason = models.TextField("motif", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.summary

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("L'historique d'un dossier ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("L'historique d'un dossier ne s'efface pas.")


# Kept in their own modules (this one stays under 400 lines); imported here, where Django and the migrations look.
from .instruction_models import ComplementRequest, FindingOverride  # noqa: E402,F401
from .message_models import Message, message_path  # noqa: E402,F401
