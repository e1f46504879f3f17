"""A call as loaded in the database: its whole definition, plus the values a campaign manager may change."""

import datetime as dt
from functools import cached_property

from django.db import models
from django.urls import reverse
from django.utils import timezone

from referential.models import Region

from .definition import CallDefinition
from .enums import CallKind, CallStatus

# Columns a campaign manager edits in the back office; they override the same values of the definition file.
EDITABLE_FIELDS = (
    "opens_at",
    "deadline",
    "instruction_start",
    "instruction_end",
    "notification_from",
    "convention_from",
    "consumption_deadline",
    "program_start",
    "program_end",
    "envelope",
    "summary",
    "contact_email",
    "contact_text",
    "payment_terms",
    "communication_mention",
    "signatory_name",
    "signatory_title",
)
CALENDAR_FIELDS = EDITABLE_FIELDS[:9]


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_regions(self, regions):
        return self.filter(region__in=regions)


class Call(models.Model):
    code = models.SlugField("code", max_length=60, unique=True)
    version = models.PositiveIntegerField("version de la définition")
    kind = models.CharField("type", max_length=20, choices=CallKind.choices)
    year = models.PositiveSmallIntegerField("année")
    title = models.CharField("intitulé", max_length=200)
    short_title = models.CharField("intitulé court", max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="calls", verbose_name="région")
    is_published = models.BooleanField("publié", default=True)

    opens_at = models.DateTimeField("ouverture des dépôts", null=True, blank=True)
    deadline = models.DateTimeField(
        "date limite de dépôt",
        null=True,
        blank=True,
        help_text="Heure de Paris. Un dossier reçu après est irrecevable.",
    )
    instruction_start = models.DateField("début de l'instruction", null=True, blank=True)
    instruction_end = models.DateField("fin de l'instruction", null=True, blank=True)
    notification_from = models.DateField("notifications à compter du", null=True, blank=True)
    convention_from = models.DateField("conventionnement à compter du", null=True, blank=True)
    consumption_deadline = models.DateField("date limite de consommation", null=True, blank=True)
    program_start = models.DateField("début de l'accompagnement", null=True, blank=True)
    program_end = models.DateField("fin de l'accompagnement", null=True, blank=True)
    envelope = models.DecimalField("enveloppe (€)", max_digits=14, decimal_places=2, null=True, blank=True)
    summary = models.TextField("résumé")
    contact_email = models.EmailField("adresse de contact", blank=True)
    contact_text = models.TextField("texte de contact", blank=True)
    payment_terms = models.TextField(
        "modalités de versement",
        blank=True,
        help_text="Article de la convention sur le versement, par exemple « La subvention est versée en une "
        "fois après signature de la présente convention par les deux parties. » Vide : l'article est omis.",
    )
    communication_mention = models.TextField(
        "mention de communication",
        blank=True,
        help_text="Mention que l'établissement reproduit dans sa communication sur les actions financées, par "
        "exemple « Action financée par l'ARS Grand Est ». Vide : l'article est omis de la convention.",
    )
    signatory_name = models.CharField(
        "nom du signataire",
        max_length=200,
        blank=True,
        help_text="Signataire des lettres de notification et, pour l'ARS, des conventions.",
    )
    signatory_title = models.CharField(
        "qualité du signataire",
        max_length=200,
        blank=True,
        help_text="Par exemple « Le directeur général de l'ARS Grand Est ».",
    )

    definition = models.JSONField("définition chargée")
    source_file = models.CharField("fichier source", max_length=200)
    content_sha256 = models.CharField("empreinte du fichier", max_length=64)
    loaded_at = models.DateTimeField("chargée le")
    overridden_fields = models.JSONField(
        "valeurs modifiées par un gestionnaire",
        default=list,
        blank=True,
        help_text="Un nouveau chargement du fichier de définition ne les écrase pas.",
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = "appel à candidatures"
        verbose_name_plural = "appels à candidatures"
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.short_title

    def get_absolute_url(self) -> str:

        return reverse("calls:detail", kwargs={"code": self.code})

    @cached_property
    def spec(self) -> CallDefinition:
        """The definition as it applies now: the loaded file with the manager's values on top."""
        data = dict(self.definition)
        calendar = dict(data.get("calendar", {}))
        for name in CALENDAR_FIELDS:
            value = getattr(self, name)
            calendar[name] = value.isoformat() if value is not None else None
        data["calendar"] = calendar
        data["envelope"] = str(self.envelope) if self.envelope is not None else None
        data["summary"] = self.summary
        contact = dict(data.get("contact", {}))
        contact["email"] = self.contact_email or None
        contact["text"] = self.contact_text
        data["contact"] = contact
        data["documents"] = {
            "payment_terms": self.payment_terms,
            "communication_mention": self.communication_mention,
            "signatory": {"name": self.signatory_name, "title": self.signatory_title},
        }
        return CallDefinition.model_validate(data)

    def status(self, now: dt.datetime | None = None) -> CallStatus:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return CallStatus.UPCOMING
        if self.deadline:
            return CallStatus.OPEN if now <= self.deadline else CallStatus.CLOSED
        # No deadline (the Normandie calls): « dépôt ouvert » until the programme has ended.
        if self.program_end and timezone.localdate(now) > self.program_end:
            return CallStatus.CLOSED
        return CallStatus.OPEN

    @property
    def is_funding(self) -> bool:
        return self.kind == CallKind.FUNDING
