"""Writes to dossiers. Each one is a transaction and leaves an event saying who changed what."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from calls.models import Call
from calls.vocabulary import RuleCode
from eligibility.catalog import SUBMISSION_BLOCKERS
from eligibility.dossier import parse_dossier
from eligibility.engine import CheckResult, History, OtherSubmission, check_dossier

# The porteur's writes live in their own modules; they are named here too, where callers look for writes.
from qvct.formats import date as french_date
from qvct.limits import MESSAGE_TEXT, REASON_TEXT
from qvct.storage import file_save, files_atomic
from referential.models import Establishment

from .attachments import document_add as document_add
from .attachments import document_remove as document_remove
from .content import dossier_update as dossier_update
from .content import partners_set as partners_set
from .content import trinome_update as trinome_update
from .earlier import earlier_funding
from .enums import DossierStatus, EventKind
from .errors import DossierError, SubmissionRefused, text_checked
from .history import event_record
from .interchange import dossier_to_data
from .models import ComplementRequest, Dossier, FindingOverride, Message
from .notifications import message_send, receipt_send, resubmitted_send
from .plan import ActionValues as ActionValues
from .plan import action_add as action_add
from .plan import action_funding_set as action_funding_set
from .plan import action_move as action_move
from .plan import action_remove as action_remove
from .plan import action_update as action_update
from .scanning import message_scan_later
from .sections import dossier_sections
from .selectors import dossier_queryset
from .uploads import check_upload
from .workflow import TransitionError, transition_for


def transition_apply(
    dossier: Dossier, user, name: str, summary: str, reason: str = "", data=None, at=None, **columns
) -> None:
    """Applies one transition of the table with its event; refuses when the dossier changed state meanwhile.

    A conditional update is atomic on every database: of two agents acting at once, one wins, the other is told.
    Call it inside a transaction. `columns` are saved with the new state.
    """
    transition = transition_for(name, DossierStatus(dossier.status))
    if transition.needs_reason and not reason.strip():
        raise DossierError("Indiquez le motif : il est conservé dans l'historique.")
    source = dossier.status
    won = Dossier.objects.filter(pk=dossier.pk, status=source).update(
        status=transition.target, updated_at=at or timezone.now(), **columns
    )
    if not won:
        raise TransitionError("Le dossier vient de changer d'état ; rechargez la page.")
    event_record(
        dossier=dossier,
        actor=user,
        kind=EventKind.TRANSITION,
        transition=transition.name,
        from_status=source,
        to_status=transition.target,
        summary=summary,
        reason=reason.strip(),
        data=data,
        **({"at": at} if at else {}),
    )
    dossier.status = transition.target
    for column, value in columns.items():
        setattr(dossier, column, value)


def _reference(call: Call, number: int) -> str:
    """`CLACT-44-2024-0042`; two calls sharing prefix, region and year are told apart by the call's id."""
    prefix = call.code.split("-")[0].upper()
    reference = f"{prefix}-{call.region_id}-{call.year}-{number:04d}"
    if Dossier.objects.filter(reference=reference).exclude(call=call).exists():
        reference = f"{prefix}{call.pk}-{call.region_id}-{call.year}-{number:04d}"
    return reference


def dossier_start(*, call: Call, establishment: Establishment, user) -> tuple[Dossier, bool]:
    """Opens the dossier of this establishment for this call, or returns the one that exists already."""
    existing = Dossier.objects.filter(call=call, establishment=establishment).first()
    if existing:
        return existing, False
    for _ in range(5):
        try:
            with transaction.atomic():
                number = (Dossier.objects.filter(call=call).aggregate(top=Max("number"))["top"] or 0) + 1
                dossier = Dossier.objects.create(
                    call=call,
                    establishment=establishment,
                    number=number,
                    reference=_reference(call, number),
                    created_by=user,
                    ght=establishment.ght,
                    contact_name=user.get_full_name(),
                    contact_email=user.email,
                    contact_phone=user.phone,
                )
                event_record(dossier=dossier, actor=user, kind=EventKind.CREATED, summary="Dossier créé")
                return dossier, True
        except IntegrityError:
            existing = Dossier.objects.filter(call=call, establishment=establishment).first()
            if existing:
                return existing, False
    raise DossierError("Le dossier n'a pas pu être créé ; réessayez dans un instant.")


def history_for(dossier: Dossier) -> History:
    """The other dossiers of the same call and establishment (the duplicate rule), and the establishment's
    actions funded by earlier calls with their follow-up (the two history rules)."""
    others = Dossier.objects.filter(call=dossier.call, establishment=dossier.establishment).exclude(
        pk=dossier.pk
    )
    return History(
        submissions=tuple(
            OtherSubmission(
                other.reference, dossier.establishment.finess, dossier.call.code, other.submitted_at
            )
            for other in others
        ),
        prior_actions=earlier_funding().prior_actions_for(dossier),
    )


def dossier_check(
    dossier: Dossier, now: dt.datetime | None = None, *, filing: bool = False, history: History | None = None
) -> CheckResult:
    """The admissibility findings of the dossier as it is now.

    A draft has no filing date, so the deadline rule stays silent on it, except while it is being filed: the
    engine then judges the filing moment `now` like any other (DEADLINE_PASSED on every path).
    """
    data = dossier_to_data(dossier)
    if dossier.submitted_at is None:
        data["submitted_at"] = now.isoformat() if filing and now else None
    history = history if history is not None else history_for(dossier)
    return check_dossier(parse_dossier(data), dossier.call.spec, history, now=now)


def dossier_submit(*, dossier: Dossier, user, now: dt.datetime | None = None) -> tuple[Dossier, bool]:
    """Files the dossier. Idempotent: a second click or a second co-editor gets the first filing back.

    Returns (dossier, filed_now). Raises SubmissionRefused after the deadline or while it is incomplete.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked first, checked after: a write that committed before is part of what is checked and filed; a
        # write that comes after waits for the filing, then finds the dossier filed and is refused.
        _lock(dossier)
        dossier = dossier_queryset().get(pk=dossier.pk)
        if dossier.status != DossierStatus.DRAFT:
            if dossier.submitted_at:
                return dossier, False
            raise TransitionError(f"Le dossier est à l'état « {dossier.get_status_display()} ».")
        filed = _fileable_check(dossier, now).as_json()
        try:
            transition_apply(
                dossier,
                user,
                "submit",
                "Dossier déposé",
                data={"admissible": filed["admissible"], "codes": [f["code"] for f in filed["findings"]]},
                at=now,
                submitted_at=now,
                **findings_columns(filed["findings"], overrides=()),
            )
        except TransitionError:  # another filing won meanwhile: it is the filing
            return dossier_queryset().get(pk=dossier.pk), False

        # In the filing's transaction: a crash right after the commit cannot lose the receipt.
        receipt_send(dossier)
    return dossier_queryset().get(pk=dossier.pk), True


def _lock(dossier: Dossier) -> None:
    """Holds the dossier's row until the transaction ends: the porteur's writes wait (`editing.lock_for_edit`)."""
    list(Dossier.objects.select_for_update(no_key=True).filter(pk=dossier.pk).values_list("pk", flat=True))


def _fileable_check(dossier: Dossier, now: dt.datetime) -> CheckResult:
    """The findings to file; refuses a filing outside the call's dates or while the dossier is incomplete."""
    call = dossier.call
    if call.opens_at and now < call.opens_at:
        raise SubmissionRefused(
            f"Les dépôts ouvrent le {french_date(timezone.localtime(call.opens_at))} à {timezone.localtime(call.opens_at):%H:%M} (heure de Paris)."
        )
    result = dossier_check(dossier, now=now, filing=True)
    late = [finding for finding in result.findings if finding.code == RuleCode.DEADLINE_PASSED]
    if late:
        deadline = timezone.localtime(call.spec.calendar.deadline)
        raise SubmissionRefused(
            f"La date limite de dépôt était le {french_date(deadline)} à {deadline:%H:%M:%S} "
            "(heure de Paris) : le dossier ne peut plus être déposé.",
            late,
        )
    blockers = [finding for finding in result.findings if finding.code in SUBMISSION_BLOCKERS]

    incomplete = [section for section in dossier_sections(dossier, result) if section.missing]
    if blockers or incomplete:
        names = ", ".join(f"« {section.title} »" for section in incomplete)
        detail = f" Sections incomplètes : {names}." if incomplete else ""
        raise SubmissionRefused(
            f"Le dossier est incomplet : complétez les points signalés avant de le déposer.{detail}", blockers
        )
    return result


def dossier_withdraw(*, dossier: Dossier, user, reason: str) -> Dossier:
    reason = text_checked(reason.strip(), limit=REASON_TEXT, label="Motif du désistement")
    if not reason:
        raise DossierError("Indiquez le motif du désistement.")
    with transaction.atomic():
        transition_apply(dossier, user, "withdraw", "Désistement", reason=reason, withdrawn_reason=reason)
    dossier.refresh_from_db()
    return dossier


def findings_columns(findings: list[dict], overrides) -> dict:
    """The stored findings and the filterable columns derived from those no instructor has lifted."""
    lifted = {(override.code, override.action) for override in overrides}
    kept = [f for f in findings if (f["code"], f.get("action") or 0) not in lifted]
    codes = sorted({f["code"] for f in kept})
    return {
        "findings": findings,
        "finding_codes": f" {' '.join(codes)} " if codes else "",
        "has_blocking": any(f["severity"] == "blocking" for f in kept),
    }


def findings_store(dossier: Dossier, findings: list[dict]) -> None:

    # Read afresh: a prefetched list of overrides would miss the one just added.
    columns = findings_columns(findings, FindingOverride.objects.filter(dossier=dossier))
    Dossier.objects.filter(pk=dossier.pk).update(**columns)
    for name, value in columns.items():
        setattr(dossier, name, value)


def dossier_resubmit(*, dossier: Dossier, user, now: dt.datetime | None = None) -> Dossier:
    """Sends the completed dossier back to the ARS: findings re-computed, the round closed, instructor told."""
    now = now or timezone.now()

    with transaction.atomic():
        # As for a filing: what is sent back is what the locked row holds; later writes are refused.
        _lock(dossier)
        dossier = dossier_queryset().get(pk=dossier.pk)
        transition_for("resubmit", dossier.status)
        if not dossier.in_complements:
            raise DossierError(
                f"Le délai des compléments a expiré le {french_date(dossier.complements_due)} : le dossier ne peut "
                "plus être renvoyé. Écrivez à l'ARS depuis la messagerie du dossier."
            )
        result = dossier_check(dossier, now=now)
        blockers = [finding for finding in result.findings if finding.code in SUBMISSION_BLOCKERS]
        if blockers:
            raise SubmissionRefused(
                "Le dossier est incomplet : complétez les points signalés avant de le renvoyer.", blockers
            )
        current = dossier.complement_requests.filter(answered_at__isnull=True).order_by("-round").first()
        number = current.round if current else None
        transition_apply(
            dossier,
            user,
            "resubmit",
            f"Compléments envoyés (demande n° {number or '?'})",
            data={"round": number, "codes": [f.code for f in result.findings]},
            at=now,
            complements_parts=[],
        )
        findings_store(dossier, result.as_json()["findings"])
        if current:
            ComplementRequest.objects.filter(pk=current.pk).update(answered_at=now)
        dossier = dossier_queryset().get(pk=dossier.pk)

        resubmitted_send(dossier)
    return dossier


def message_post(*, dossier: Dossier, user, body: str, upload=None, from_agency: bool):
    """A message about the dossier, with an optional attachment checked like any upload; the other side
    is told by e-mail."""

    body = text_checked(body.strip(), limit=MESSAGE_TEXT, label="Message")
    if not body:
        raise DossierError("Écrivez votre message avant de l'envoyer.")
    checked = check_upload(upload) if upload else None
    with files_atomic():
        message = Message(dossier=dossier, author=user, from_agency=from_agency, body=body)
        if checked:
            message.attachment_name = checked.name
            message.attachment_type = checked.content_type
            message.attachment_size = len(checked.data)
            message.attachment_scan_status = checked.scan_status
            file_save(message.attachment, checked.name, ContentFile(checked.data))
        message.save()
        message_scan_later(message)
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.MESSAGE,
            summary="Message de l'ARS" if from_agency else "Message de l'établissement",
            data={"message": message.pk},
        )

        message_send(message)
    return message
