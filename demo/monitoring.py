"""Demo data of the follow-up: a CLACT 2022 campaign of the porteur's establishment, followed up and closed.

One action implemented, one abandoned with its reason, one never started and unexplained, and a recovery of
3 000 € — so that the demo's 2024 dossier of the same establishment shows PRIOR_NOT_IMPLEMENTED_2Y in its live
findings, the renewal picker (choosing the never-started action shows PRIOR_UNIMPLEMENTED) and the deduction in
its 2024 decisions and letter. Call `demo_2022_load(users)` before the 2024 dossiers are filed.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import yaml
from django.core.files.base import ContentFile
from django.db import transaction

from calls.calendar_shift import calendar_shift
from calls.definition_files import load_definition_file, shipped_definition_files, validate_definition
from calls.models import Call
from calls.services import calls_load
from dossiers.enums import EventKind as DossierEventKind
from dossiers.history import event_record
from dossiers.models import Action, Dossier, Indicator
from dossiers.services import transition_apply
from monitoring.closing import follow_up_close
from monitoring.enums import EventKind, LineStatus, Progress, ReportKind, ReportStatus
from monitoring.models import ActionFollowUp, FollowUp, Measurement, MonitoringEvent, Report, SpendingLine

CODE = "clact-grand-est-2022"
PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The 2022 campaign was notified in March 2022 (its call closed in the autumn of 2021): two years before the 2024
# filings, so that the never-started action raises PRIOR_NOT_IMPLEMENTED_2Y on them.
GRANTED_ON = dt.date(2022, 3, 15)

ACTIONS = [
    {
        "title": "Rails de transfert plafonniers en unité de soins de longue durée",
        "theme": "tms",
        "item": "leve_personne",
        "cost": 8000,
        "progress": Progress.DONE,
        "started_on": dt.date(2022, 4, 11),
        "done_on": dt.date(2022, 12, 16),
        "lines": [
            (
                dt.date(2022, 6, 15),
                "Ergonomia Est",
                Decimal("6400.00"),
                "equipment",
                LineStatus.ACCEPTED,
                "",
            ),
            (dt.date(2022, 12, 12), "Ergonomia Est", Decimal("1600.00"), "service", LineStatus.ACCEPTED, ""),
        ],
        "measurements": [(dt.date(2023, 12, 31), "8")],
    },
    {
        "title": "Formation à la gestion des situations de violence",
        "theme": "vfs",
        "item": "vfs_situations_violentes",
        "cost": 6000,
        "progress": Progress.ABANDONED,
        "abandon_reason": "Organisme de formation en liquidation en octobre 2022 ; action reprise en 2024 avec "
        "un autre prestataire, sur fonds propres.",
        "lines": [
            (
                dt.date(2022, 9, 12),
                "Formations Lorraines",
                Decimal("900.00"),
                "training",
                LineStatus.REJECTED,
                "Acompte d'une formation qui n'a pas eu lieu : dépense non justifiée.",
            ),
        ],
        "measurements": [],
    },
    {
        "title": "Conciergerie d'établissement",
        "theme": "equilibre_vie",
        "item": "conciergerie",
        "cost": 4000,
        "progress": Progress.NOT_STARTED,
        "lines": [],
        "measurements": [],
    },
]


def _call() -> Call:
    """CLACT 2024's rules, two years earlier."""
    source = next(path for path in shipped_definition_files() if path.name == "clact-grand-est-2024.yaml")
    definition = load_definition_file(source)
    calendar = calendar_shift(definition.calendar, GRANTED_ON - definition.calendar.notification_from)
    data = definition.model_dump(mode="json")
    data.update(
        code=CODE,
        year=2022,
        title="Contrats locaux d'amélioration des conditions de travail — CLACT 2022",
        short_title="CLACT Grand Est 2022",
        calendar={**calendar.model_dump(mode="json"), "consumption_deadline": "2024-12-31"},
    )
    definition = validate_definition(data)
    calls_load(texts={f"{CODE}.yaml": yaml.safe_dump(definition.model_dump(mode="json"), allow_unicode=True)})
    return Call.objects.get(code=CODE)


def _theme(call: Call, code: str) -> tuple[str, str]:
    theme = call.spec.theme(code) or call.spec.catalog.themes[0]
    return theme.axis, theme.code


def demo_2022_load(users: dict) -> None:
    """Idempotent: a second run finds the 2022 dossier and changes nothing."""
    porteur, manager = users["porteur@example.org"], users["gestionnaire@example.org"]
    instructor = users.get("instructeur@example.org", manager)
    establishment = porteur.establishments.first()
    if establishment is None:
        return
    call = _call()
    if Dossier.objects.filter(call=call, establishment=establishment).exists():
        return
    with transaction.atomic():
        dossier = Dossier.objects.create(
            call=call,
            establishment=establishment,
            number=1,
            reference="CLACT-44-2022-0001",
            created_by=porteur,
            contact_name=porteur.get_full_name(),
            contact_email=porteur.email,
        )
        Dossier.objects.filter(pk=dossier.pk).update(created_at=dt.datetime(2021, 9, 20, 9, 0, tzinfo=PARIS))
        event_record(
            dossier=dossier,
            actor=porteur,
            kind=DossierEventKind.CREATED,
            summary="Dossier créé",
            at=dt.datetime(2021, 9, 20, 9, 0, tzinfo=PARIS),
        )
        # Its past goes through the transition table, as every change of a dossier's state does.
        steps = [
            (porteur, "submit", "Dossier déposé", (2021, 10, 4)),
            (instructor, "declare_admissible", "Dossier déclaré recevable", (2021, 11, 15)),
            (manager, "select", "Dossier retenu", (2022, 2, 20)),
            (manager, "notify", "Décision notifiée", (2022, 3, 15)),
            (manager, "sign_convention", "Convention signée", (2022, 3, 25)),
        ]
        for actor, name, summary, day in steps:
            at = dt.datetime(*day, 11, 0, tzinfo=PARIS)
            columns = {"submitted_at": at} if name == "submit" else {}
            transition_apply(dossier, actor, name, summary, at=at, **columns)
        follow_up = FollowUp.objects.create(
            dossier=dossier,
            granted=sum((Decimal(a["cost"]) / 2 for a in ACTIONS), Decimal(0)),
            subsidy_rate=Decimal(50),
            granted_on=GRANTED_ON,
            consumption_deadline=dt.date(2024, 12, 31),
            opened_at=dt.datetime(2022, 3, 25, 9, 0, tzinfo=PARIS),
        )
        MonitoringEvent.objects.create(
            follow_up=follow_up,
            actor=manager,
            at=follow_up.opened_at,
            kind=EventKind.OPENED,
            summary="Suivi ouvert à la signature de la convention",
        )
        for position, spec in enumerate(ACTIONS, start=1):
            axis, theme = _theme(call, spec["theme"])
            action = Action.objects.create(
                dossier=dossier,
                position=position,
                title=spec["title"],
                axis=axis,
                theme=theme,
                catalog_item=spec["item"],
                description=spec["title"],
                start=dt.date(2022, 4, 1),
                end=dt.date(2023, 12, 31),
                agents_concerned=30,
                expense_nature="equipment",
                cost=Decimal(spec["cost"]),
                requested=Decimal(spec["cost"]) / 2,
                own_funding=Decimal(spec["cost"]) / 2,
            )
            indicator = Indicator.objects.create(
                action=action,
                name="Accidents du travail liés à l'action",
                unit="AT/an",
                baseline="12",
                target="6",
            )
            item = ActionFollowUp.objects.create(
                follow_up=follow_up,
                action=action,
                granted=Decimal(spec["cost"]) / 2,
                progress=spec["progress"],
                started_on=spec.get("started_on"),
                done_on=spec.get("done_on"),
                abandon_reason=spec.get("abandon_reason", ""),
            )
            for measured_on, value in spec["measurements"]:
                Measurement.objects.create(
                    action_follow_up=item,
                    indicator=indicator,
                    measured_on=measured_on,
                    value=value,
                    recorded_by=porteur,
                )
            for invoice_date, supplier, amount, nature, status, reason in spec["lines"]:
                line = SpendingLine(
                    action_follow_up=item,
                    invoice_date=invoice_date,
                    supplier=supplier,
                    amount=amount,
                    nature=nature,
                    original_name=f"facture-{supplier.lower().replace(' ', '-')}.pdf",
                    size=len(PDF),
                    sha256="0" * 64,
                    content_type="application/pdf",
                    scan_status="safe",
                    status=status,
                    reason=reason,
                    added_by=porteur,
                    added_at=dt.datetime.combine(invoice_date, dt.time(10), tzinfo=PARIS),
                    decided_at=dt.datetime.combine(
                        invoice_date + dt.timedelta(days=20), dt.time(10), tzinfo=PARIS
                    ),
                )
                line.file.save(line.original_name, ContentFile(PDF), save=False)
                line.save()
                MonitoringEvent.objects.create(
                    follow_up=follow_up,
                    line=line,
                    actor=instructor,
                    at=line.decided_at,
                    kind=EventKind.LINE,
                    transition="accept" if status == LineStatus.ACCEPTED else "reject",
                    from_status=LineStatus.SUBMITTED,
                    to_status=status,
                    summary=f"Facture {supplier} : {LineStatus(status).label.lower()}",
                    reason=reason,
                )
        Report.objects.bulk_create(
            Report(
                follow_up=follow_up,
                kind=kind,
                period_start=GRANTED_ON,
                period_end=due,
                due_on=due,
                status=ReportStatus.VALIDATED,
                submitted_at=dt.datetime.combine(due - dt.timedelta(days=10), dt.time(9), tzinfo=PARIS),
                submitted_by=porteur,
                validated_at=dt.datetime.combine(due + dt.timedelta(days=15), dt.time(9), tzinfo=PARIS),
                validated_by=manager,
            )
            for kind, due in (
                (ReportKind.INTERIM, dt.date(2023, 12, 31)),
                (ReportKind.FINAL, dt.date(2024, 12, 31)),
            )
        )
        ActionFollowUp.objects.filter(follow_up=follow_up).update(
            closed_at=dt.datetime(2024, 12, 21, 9, 0, tzinfo=PARIS)
        )
        # 9 000 € granted; 8 000 € justified → 4 000 € due; 900 € non conforming → 450 € more: 5 450 € recovered.
        follow_up_close(follow_up=follow_up, user=manager, now=dt.datetime(2025, 1, 15, 10, 0, tzinfo=PARIS))
