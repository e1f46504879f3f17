"""Writes of the follow-up. Each one is a transaction and leaves an event saying who did what, and why."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from agreements.models import Convention
from calls.vocabulary import EXPENSE_NATURE_LABELS
from dossiers.enums import DossierStatus
from dossiers.errors import text_checked
from dossiers.models import Dossier, Indicator
from dossiers.uploads import check_upload
from eligibility.wording import french_date
from funding.models import Letter
from qvct.dates import date_problem
from qvct.limits import REASON_TEXT
from qvct.storage import file_save, files_atomic

from . import notifications
from .closing import follow_up_close
from .enums import EventKind, LineStatus, Progress, ReportKind, ReportStatus
from .journal import MonitoringError, event_write
from .models import ActionFollowUp, Closing, FollowUp, Measurement, Report, SpendingLine
from .scanning import invoice_scan_later
from .schedule import consumption_end, default_schedule
from .tasks import reminders_schedule
from .templatetags.monitoring_format import montant
from .workflow import LineTransitionError, line_transition_for


def _granted_on(dossier: Dossier) -> dt.date:
    """The grant's date: its notification letter, or the convention's signature if recorded as earlier."""
    known = []
    letter = Letter.objects.filter(dossier=dossier).first()
    if letter is not None:
        known.append(timezone.localdate(letter.sent_at))
    convention = Convention.objects.filter(dossier=dossier).first()
    if convention is not None:
        known += [day for day in (convention.agency_signed_on, convention.establishment_signed_on) if day]
    return min(known) if known else timezone.localdate()


def follow_up_on_signature(sender, *, dossier: Dossier, user=None, **kwargs) -> None:
    """The follow-up starts with the signed convention (agreements.signals.convention_signed)."""
    follow_up_open(dossier=dossier, user=user)


def follow_up_open(*, dossier: Dossier, user=None) -> FollowUp | None:
    """Opens the follow-up of a dossier whose convention is signed (idempotent): its actions granted
    something, its reports from the call's consumption deadline (schedule.py)."""
    existing = FollowUp.objects.filter(dossier=dossier).first()
    if existing or dossier.status != DossierStatus.CONVENTION_SIGNED:
        return existing
    spec = dossier.call.spec
    decisions = [d for d in dossier.decisions.select_related("action") if d.granted > 0]
    if not decisions or spec.funding is None:
        return None
    granted_on = _granted_on(dossier)
    deadline = consumption_end(
        granted_on=granted_on,
        deadline=spec.calendar.consumption_deadline,
        realisation_months=spec.funding.realisation_max_months,
    )
    with transaction.atomic():
        follow_up, created = FollowUp.objects.get_or_create(
            dossier=dossier,
            defaults={
                "granted": sum((d.granted for d in decisions), Decimal(0)),
                "subsidy_rate": spec.funding.subsidy_rate,
                "granted_on": granted_on,
                "consumption_deadline": deadline,
            },
        )
        if not created:
            return follow_up
        ActionFollowUp.objects.bulk_create(
            ActionFollowUp(follow_up=follow_up, action=d.action, granted=d.granted) for d in decisions
        )
        Report.objects.bulk_create(
            Report(
                follow_up=follow_up,
                kind=due.kind,
                period_start=due.period_start,
                period_end=due.period_end,
                due_on=due.due_on,
            )
            for due in default_schedule(
                granted_on=granted_on,
                deadline=deadline,
                interim_months_before=spec.funding.interim_report_months_before_deadline,
            )
        )
        event_write(follow_up, user, EventKind.OPENED, "Suivi ouvert à la signature de la convention")
        transaction.on_commit(reminders_schedule)
    return follow_up


def _open(action: ActionFollowUp) -> None:
    if action.closed_at or action.follow_up.closed_at:
        raise MonitoringError("Le compte rendu final est transmis : le suivi de cette action est clos.")


def _date(value: dt.date, label: str, *, earliest: dt.date | None = None) -> dt.date:
    problem = date_problem(value, earliest=earliest, latest=timezone.localdate())
    if problem:
        raise MonitoringError(f"{label} : {problem[0].lower()}{problem[1:]}")
    return value


def progress_set(
    *,
    action: ActionFollowUp,
    user,
    progress: str,
    started_on: dt.date | None = None,
    done_on: dt.date | None = None,
    reason: str = "",
) -> None:
    _open(action)
    progress = Progress(progress)
    reason = text_checked(reason.strip(), limit=REASON_TEXT, label="Motif de l'abandon")
    if progress in {Progress.STARTED, Progress.DONE} and not started_on:
        raise MonitoringError("Indiquez la date à laquelle l'action a commencé.")
    if progress == Progress.DONE and not done_on:
        raise MonitoringError("Indiquez la date à laquelle l'action a été réalisée.")
    if progress == Progress.ABANDONED and not reason:
        raise MonitoringError("Indiquez le motif de l'abandon : il est conservé dans l'historique.")
    if started_on:
        _date(started_on, "Date de début")
    if done_on:
        _date(done_on, "Date de réalisation", earliest=started_on)
    with transaction.atomic():
        action.progress = progress
        action.started_on = started_on if progress in {Progress.STARTED, Progress.DONE} else None
        action.done_on = done_on if progress == Progress.DONE else None
        action.abandon_reason = reason if progress == Progress.ABANDONED else ""
        action.save(update_fields=["progress", "started_on", "done_on", "abandon_reason"])
        when = f" le {french_date(started_on)}" if progress == Progress.STARTED and started_on else ""
        event_write(
            action.follow_up,
            user,
            EventKind.PROGRESS,
            f"Action {action.action.position} : {progress.label.lower()}{when}",
            reason=action.abandon_reason,
            data={"action": action.action_id, "progress": progress.value},
        )


def measurement_add(
    *, action: ActionFollowUp, user, indicator: Indicator, measured_on: dt.date, value: str, comment: str = ""
) -> Measurement:
    _open(action)
    if indicator.action_id != action.action_id:
        raise MonitoringError("Cet indicateur n'est pas celui de l'action.")
    value = value.strip()
    if not value:
        raise MonitoringError("Indiquez la valeur mesurée.")
    if len(value) > 60 or len(comment) > 300:
        raise MonitoringError("La valeur (60 caractères) ou le commentaire (300 caractères) est trop long.")
    _date(measured_on, "Date de la mesure")
    with transaction.atomic():
        measurement = Measurement.objects.create(
            action_follow_up=action,
            indicator=indicator,
            measured_on=measured_on,
            value=value,
            comment=comment.strip(),
            recorded_by=user,
        )
        event_write(
            action.follow_up,
            user,
            EventKind.MEASUREMENT,
            f"Action {action.action.position} : « {indicator.name} » = {value} le {french_date(measured_on)}",
            data={"action": action.action_id, "indicator": indicator.pk},
        )
    return measurement


def _checked_invoice(upload):
    checked = check_upload(upload)
    if checked.content_type != "application/pdf":
        raise MonitoringError(f"La facture « {checked.name} » doit être un PDF.")
    return checked


def line_add(
    *,
    action: ActionFollowUp,
    user,
    invoice_date: dt.date,
    supplier: str,
    amount: Decimal,
    nature: str,
    upload,
) -> SpendingLine:
    """One invoice of the action's spending statement; the PDF is checked before the transaction."""
    _open(action)
    spec = action.follow_up.dossier.call.spec
    if nature not in expense_natures(spec):
        raise MonitoringError("Cette nature de dépense n'est pas finançable par l'appel.")
    if amount is None or amount <= 0:
        raise MonitoringError("Le montant de la facture doit être positif.")
    supplier = supplier.strip()
    if not supplier:
        raise MonitoringError("Indiquez le fournisseur.")
    _date(invoice_date, "Date de la facture")
    checked = _checked_invoice(upload)
    with files_atomic():
        line = SpendingLine(
            action_follow_up=action,
            invoice_date=invoice_date,
            supplier=supplier[:120],
            amount=amount,
            nature=nature,
            original_name=checked.name,
            size=len(checked.data),
            sha256=checked.sha256,
            content_type=checked.content_type,
            scan_status=checked.scan_status,
            added_by=user,
        )
        file_save(line.file, checked.name, ContentFile(checked.data))
        line.save()
        invoice_scan_later(line.pk, checked.scan_status)
        event_write(
            action.follow_up,
            user,
            EventKind.LINE_ADDED,
            f"Action {action.action.position} : facture {line.supplier} du {french_date(invoice_date)}, "
            f"{montant(amount)}, déclarée",
            line=line,
            data={"amount": str(amount)},
        )
    return line


def expense_natures(spec) -> dict[str, str]:
    """The natures a spending line may have: the call's, without those it excludes."""
    excluded = {str(nature) for nature in (spec.funding.excluded_expense_natures if spec.funding else [])}
    return {code: label for code, label in EXPENSE_NATURE_LABELS.items() if code not in excluded}


def _line_apply(line: SpendingLine, user, name: str, reason: str = "", **columns) -> None:
    transition = line_transition_for(name, LineStatus(line.status))
    reason = text_checked(reason.strip(), limit=REASON_TEXT, label="Motif")
    if transition.needs_reason and not reason:
        raise MonitoringError("Indiquez le motif : l'établissement le lira.")
    source = line.status
    won = SpendingLine.objects.filter(pk=line.pk, status=source).update(
        status=transition.target, reason=reason, decided_at=timezone.now(), **columns
    )
    if not won:
        raise LineTransitionError("La dépense vient de changer d'état ; rechargez la page.")
    event_write(
        line.action_follow_up.follow_up,
        user,
        EventKind.LINE,
        f"Facture {line.supplier} ({montant(line.amount)}) : {transition.target.label.lower()}",
        line=line,
        transition=transition.name,
        from_status=source,
        to_status=transition.target,
        reason=reason,
    )
    line.status, line.reason = transition.target, reason


def line_decide(*, line: SpendingLine, user, decision: str, reason: str = "") -> None:
    """The ARS accepts a line, rejects it with a reason, or asks for a document; the establishment is told."""
    if line.action_follow_up.follow_up.closed_at:
        raise MonitoringError("Le suivi est clôturé : ses dépenses ne changent plus.")
    transition = line_transition_for(decision, LineStatus(line.status))
    if not transition.by_agency:
        raise LineTransitionError("Cette décision revient à l'établissement.")
    with transaction.atomic():
        _line_apply(line, user, decision, reason)
        if transition.target != LineStatus.ACCEPTED:
            notifications.line_decided_send(line)


def line_document_replace(*, line: SpendingLine, user, upload) -> None:
    """The establishment answers « pièce demandée » with another invoice file; the line is to validate again."""
    _open(line.action_follow_up)
    line_transition_for("resubmit", LineStatus(line.status))
    checked = _checked_invoice(upload)
    with files_atomic():
        old = line.file.name
        file_save(line.file, checked.name, ContentFile(checked.data))
        SpendingLine.objects.filter(pk=line.pk).update(
            file=line.file.name,
            original_name=checked.name,
            size=len(checked.data),
            sha256=checked.sha256,
            content_type=checked.content_type,
            scan_status=checked.scan_status,
        )
        invoice_scan_later(line.pk, checked.scan_status)
        _line_apply(line, user, "resubmit")
        if old and old != line.file.name:  # the replaced invoice has no row left: removed once committed
            storage = line.file.storage
            transaction.on_commit(lambda: storage.delete(old))


def report_submit(*, report: Report, user, comment: str = "", now: dt.datetime | None = None) -> None:
    """The establishment transmits the report of the period; the final one closes every action."""
    now = now or timezone.now()
    comment = text_checked(comment.strip(), limit=REASON_TEXT, label="Commentaire")
    follow_up = report.follow_up
    if follow_up.closed_at:
        raise MonitoringError("Le suivi est clôturé.")
    with transaction.atomic():
        won = Report.objects.filter(pk=report.pk, status=ReportStatus.EXPECTED).update(
            status=ReportStatus.SUBMITTED, submitted_at=now, submitted_by=user, comment=comment
        )
        if not won:
            raise MonitoringError("Ce compte rendu est déjà transmis.")
        if report.kind == ReportKind.FINAL:
            ActionFollowUp.objects.filter(follow_up=follow_up, closed_at__isnull=True).update(closed_at=now)
        event_write(
            follow_up,
            user,
            EventKind.REPORT_SUBMITTED,
            f"{report.get_kind_display()} transmis",
            report=report,
        )
        notifications.report_submitted_send(report)


def report_validate(*, report: Report, user, now: dt.datetime | None = None) -> Closing | None:
    """The ARS validates a transmitted report; validating the final report closes the follow-up."""
    now = now or timezone.now()
    with transaction.atomic():
        won = Report.objects.filter(pk=report.pk, status=ReportStatus.SUBMITTED).update(
            status=ReportStatus.VALIDATED, validated_at=now, validated_by=user
        )
        if not won:
            raise MonitoringError("Seul un compte rendu transmis, et pas encore validé, peut être validé.")
        event_write(
            report.follow_up,
            user,
            EventKind.REPORT_VALIDATED,
            f"{report.get_kind_display()} validé",
            report=report,
        )
    if report.kind == ReportKind.FINAL:
        return follow_up_close(follow_up=report.follow_up, user=user, now=now)
    return None


def report_reschedule(*, report: Report, user, due_on: dt.date) -> None:
    """The ARS moves a report's due date for this dossier; the reminders follow the new date."""
    if report.status != ReportStatus.EXPECTED:
        raise MonitoringError("Ce compte rendu est déjà transmis : son échéance ne change plus.")
    problem = date_problem(due_on, earliest=report.period_start)
    if problem:
        raise MonitoringError(f"Échéance : {problem[0].lower()}{problem[1:]}")
    with transaction.atomic():
        before = report.due_on
        Report.objects.filter(pk=report.pk).update(
            due_on=due_on,
            reminded_before_at=None,
            reminded_late_at=None,
            period_end=max(report.period_end, due_on)
            if report.kind == ReportKind.INTERIM
            else report.period_end,
        )
        event_write(
            report.follow_up,
            user,
            EventKind.SCHEDULE,
            f"{report.get_kind_display()} : échéance du {french_date(before)} reportée au {french_date(due_on)}",
            report=report,
        )
