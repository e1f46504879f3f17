"""Writes to dossiers. Each one is a transaction and leaves an event saying who changed what."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from calls.definition import RuleCode
from calls.models import Call
from eligibility.dossier import parse_dossier
from eligibility.engine import CheckResult, History, OtherSubmission, check_dossier
from referential.models import Establishment

from .enums import DossierStatus, EventKind
from .interchange import dossier_to_data
from .models import (
    Action,
    Document,
    Dossier,
    DossierEvent,
    Indicator,
    Invitation,
    OtherFunding,
    Partner,
    TrinomeMember,
)
from .selectors import dossier_queryset
from .uploads import check_upload
from .workflow import TransitionError, transition_for

# What a dossier must have before it can be filed: completeness, the action count and a balanced budget.
# Other blocking findings are shown to the applicant and decided by the ARS after filing.
SUBMISSION_BLOCKERS = frozenset(
    {
        RuleCode.NO_ACTION,
        RuleCode.TOO_MANY_ACTIONS,
        RuleCode.MISSING_ATTACHMENT,
        RuleCode.DUERP_NOT_PROVIDED,
        RuleCode.QUOTE_MISSING,
        RuleCode.NO_INDICATOR,
        RuleCode.FINANCING_UNBALANCED,
        RuleCode.MOTIVATION_REQUIRED,
        RuleCode.PARTNER_MISSING_FINESS,
        RuleCode.TRINOME_INCOMPLETE,
        RuleCode.CRITERIA_NOT_ADDRESSED,
    }
)


class DossierError(Exception):
    """A refused write, with the French message shown to the user."""


class SubmissionRefused(DossierError):
    def __init__(self, message: str, findings=()) -> None:
        super().__init__(message)
        self.findings = list(findings)


def event_record(
    *, dossier: Dossier, actor, kind: EventKind, summary: str, reason: str = "", data=None, **extra
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        kind=kind,
        summary=summary[:300],
        reason=reason,
        data=data or {},
        **extra,
    )


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


def _ensure_editable(dossier: Dossier, part: str) -> None:
    """Refuses a change of `part` (section key, "action:<id>", "piece:<kind>") the porteur may not make."""
    if dossier.can_edit(part):
        return
    if dossier.in_complements:
        raise DossierError(
            "Seuls les éléments demandés par l'ARS peuvent être modifiés pendant la demande de compléments."
        )
    if dossier.status == DossierStatus.COMPLEMENTS_REQUESTED:
        raise DossierError(
            f"Le délai des compléments a expiré le {dossier.complements_due:%d/%m/%Y} : "
            "le dossier ne peut plus être modifié. Écrivez à l'ARS depuis la messagerie du dossier."
        )
    raise DossierError(
        f"Le dossier est à l'état « {dossier.get_status_display()} » : il ne peut plus être modifié."
    )


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


PROJECT_FIELDS = frozenset({"scope", "diagnostic", "objectives", "schedule", "follow_up"})


def _part_of(values: dict) -> str:
    """The section key the fields belong to, for the complements check."""
    if "motivation" in values:
        return "motivation"
    return "projet" if PROJECT_FIELDS & set(values) else "identification"


def dossier_update(*, dossier: Dossier, user, section: str, values: dict) -> list[str]:
    """Saves the fields of one section; returns the names of those that changed (recorded in history)."""
    _ensure_editable(dossier, _part_of(values))
    changes = {}
    for name, value in values.items():
        old = getattr(dossier, name)
        if old != value:
            changes[name] = [_display(old), _display(value)]
            setattr(dossier, name, value)
    if changes:
        with transaction.atomic():
            dossier.save(update_fields=[*changes, "updated_at"])
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary=f"Section « {section} » modifiée",
                data={"section": section, "changes": changes},
            )
    return list(changes)


def trinome_update(*, dossier: Dossier, user, members: dict[str, tuple[str, str]]) -> None:
    _ensure_editable(dossier, "trinome")
    with transaction.atomic():
        current = {member.role: member for member in dossier.trinome.all()}
        changes = {}
        for role, (name, email) in members.items():
            member = current.get(role)
            if not name:
                if member:
                    member.delete()
                    changes[role] = [member.name, "—"]
                continue
            if member is None:
                TrinomeMember.objects.create(dossier=dossier, role=role, name=name, email=email)
                changes[role] = ["—", name]
            elif (member.name, member.email) != (name, email):
                changes[role] = [member.name, name]
                member.name, member.email = name, email
                member.save()
        if changes:
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary="Trinôme modifié",
                data={"changes": changes},
            )


def partners_set(*, dossier: Dossier, user, establishments: list[Establishment]) -> None:
    _ensure_editable(dossier, "partenaires")
    with transaction.atomic():
        wanted = {
            establishment.pk
            for establishment in establishments
            if establishment.pk != dossier.establishment_id
        }
        current = set(dossier.partners.values_list("establishment_id", flat=True))
        Partner.objects.filter(dossier=dossier).exclude(establishment_id__in=wanted).delete()
        Partner.objects.bulk_create(
            [Partner(dossier=dossier, establishment_id=pk) for pk in wanted - current], ignore_conflicts=True
        )
        if wanted != current:
            names = list(Establishment.objects.filter(pk__in=wanted).values_list("finess", flat=True))
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary="Établissements partenaires modifiés",
                data={"partners": names},
            )


@dataclass
class ActionValues:
    title: str
    axis: str = ""
    theme: str = ""
    catalog_item: str = ""
    description: str = ""
    motivation: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    agents_concerned: int | None = None
    mutualized: bool = False
    expense_nature: str = ""
    cost: object = 0
    requested: object = 0
    own_funding: object = 0
    funded_elsewhere: bool = False
    reimbursable_elsewhere: bool = False
    training_plan: bool = False
    renews_action: str = ""


def action_add(*, dossier: Dossier, user, values: ActionValues) -> Action:
    _ensure_editable(dossier, "actions")
    limit = dossier.call.spec.funding.max_actions if dossier.call.spec.funding else 0
    with transaction.atomic():
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        count = dossier.actions.count()
        if count >= limit:
            raise DossierError(
                f"L'appel autorise {limit} actions au plus par dossier : une {count + 1}e action rendrait le dossier "
                "irrecevable. Supprimez ou regroupez une action existante pour en ajouter une autre."
            )
        action = Action.objects.create(dossier=dossier, position=count + 1, **values.__dict__)
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.ACTION_ADDED,
            summary=f"Action ajoutée : {action.title}",
            data={"action": action.pk},
        )
        return action


def action_update(*, action: Action, user, values: ActionValues) -> list[str]:
    _ensure_editable(action.dossier, f"action:{action.pk}")
    changes = {}
    for name, value in values.__dict__.items():
        if getattr(action, name) != value:
            changes[name] = [_display(getattr(action, name)), _display(value)]
            setattr(action, name, value)
    if changes:
        with transaction.atomic():
            action.save()
            event_record(
                dossier=action.dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary=f"Action {action.position} modifiée : {action.title}",
                data={"action": action.pk, "changes": changes},
            )
    return list(changes)


def action_funding_set(
    *,
    action: Action,
    user,
    other_funding: list[tuple[str, object]],
    indicators: list[tuple[str, str, str, str]],
) -> None:
    _ensure_editable(action.dossier, f"action:{action.pk}")
    with transaction.atomic():
        before = (
            [(f.funder, str(f.amount)) for f in action.other_funding.all()],
            [(i.name, i.unit, i.baseline, i.target) for i in action.indicators.all()],
        )
        action.other_funding.all().delete()
        OtherFunding.objects.bulk_create(
            [OtherFunding(action=action, funder=funder, amount=amount) for funder, amount in other_funding]
        )
        action.indicators.all().delete()
        Indicator.objects.bulk_create(
            [Indicator(action=action, name=n, unit=u, baseline=b, target=t) for n, u, b, t in indicators]
        )
        after = ([(funder, str(amount)) for funder, amount in other_funding], [tuple(i) for i in indicators])
        if [list(map(list, part)) for part in before] != [list(map(list, part)) for part in after]:
            event_record(
                dossier=action.dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary=f"Action {action.position} : financements et indicateurs modifiés",
                data={"action": action.pk},
            )


def action_remove(*, action: Action, user) -> None:
    dossier = action.dossier
    _ensure_editable(dossier, "actions")
    with transaction.atomic():
        position, title = action.position, action.title
        action.delete()
        Action.objects.filter(dossier=dossier, position__gt=position).update(position=F("position") - 1)
        event_record(
            dossier=dossier, actor=user, kind=EventKind.ACTION_REMOVED, summary=f"Action supprimée : {title}"
        )


def action_move(*, action: Action, user, offset: int) -> None:
    dossier = action.dossier
    _ensure_editable(dossier, "actions")
    with transaction.atomic():
        other = Action.objects.filter(dossier=dossier, position=action.position + offset).first()
        if other is None:
            return
        action.position, other.position = other.position, action.position
        Action.objects.filter(pk=other.pk).update(position=0)
        Action.objects.filter(pk=action.pk).update(position=action.position)
        Action.objects.filter(pk=other.pk).update(position=other.position)
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.ACTION_MOVED,
            summary=f"Action « {action.title} » placée en position {action.position}",
        )


def document_add(
    *,
    dossier: Dossier,
    user,
    kind: str,
    upload,
    action: Action | None = None,
    supplier: str = "",
    amount=None,
) -> Document:
    """Stores an upload after checking its real type, size and the antivirus; refuses with UploadRefused."""
    _ensure_editable(dossier, f"action:{action.pk}" if action else f"piece:{kind}")
    checked = check_upload(upload)
    with transaction.atomic():
        document = Document(
            dossier=dossier,
            action=action,
            kind=kind,
            original_name=upload.name[:200],
            size=len(checked.data),
            sha256=checked.sha256,
            content_type=checked.content_type,
            scan_status=checked.scan_status,
            supplier=supplier,
            amount=amount,
            uploaded_by=user,
        )
        document.file.save(upload.name, ContentFile(checked.data), save=False)
        document.save()
        target = f" (devis de l'action {action.position})" if action else ""
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.DOCUMENT_ADDED,
            summary=f"Pièce ajoutée : {document.original_name}{target}",
            data={"kind": kind, "sha256": checked.sha256},
        )
    return document


def document_remove(*, document: Document, user) -> None:
    _ensure_editable(
        document.dossier, f"action:{document.action_id}" if document.action_id else f"piece:{document.kind}"
    )
    with transaction.atomic():
        name = document.original_name
        storage, path = document.file.storage, document.file.name
        document.delete()
        event_record(
            dossier=document.dossier,
            actor=user,
            kind=EventKind.DOCUMENT_REMOVED,
            summary=f"Pièce retirée : {name}",
        )
        transaction.on_commit(lambda: storage.delete(path))


def invitation_create(*, dossier: Dossier, user, email: str) -> Invitation:
    email = email.strip().lower()
    with transaction.atomic():
        invitation, created = Invitation.objects.get_or_create(
            dossier=dossier, email=email, defaults={"token": secrets.token_urlsafe(32), "invited_by": user}
        )
        if created:
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITOR_INVITED,
                summary=f"{email} invité·e à co-rédiger",
            )
    return invitation


def invitation_accept(*, invitation: Invitation, user) -> Dossier:
    with transaction.atomic():
        dossier = invitation.dossier
        dossier.editors.add(user)
        if invitation.accepted_at is None:
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITOR_JOINED,
                summary=f"{user.email} a rejoint le dossier",
            )
    return dossier


def history_for(dossier: Dossier) -> History:
    """The other dossiers of the same call and establishment, as the duplicate rule needs them."""
    others = Dossier.objects.filter(call=dossier.call, establishment=dossier.establishment).exclude(
        pk=dossier.pk
    )
    return History(
        submissions=tuple(
            OtherSubmission(
                other.reference, dossier.establishment.finess, dossier.call.code, other.submitted_at
            )
            for other in others
        )
    )


def dossier_check(dossier: Dossier, now: dt.datetime | None = None) -> CheckResult:
    """The admissibility findings of the dossier as it is now (drafts are checked as if filed now)."""
    data = dossier_to_data(dossier)
    if dossier.submitted_at is None:
        data["submitted_at"] = None
    return check_dossier(parse_dossier(data), dossier.call.spec, history_for(dossier), now=now)


def dossier_submit(*, dossier: Dossier, user, now: dt.datetime | None = None) -> tuple[Dossier, bool]:
    """Files the dossier. Idempotent: a second click or a second co-editor gets the first filing back.

    Returns (dossier, filed_now). Raises SubmissionRefused after the deadline or while it is incomplete.
    """
    now = now or timezone.now()
    dossier = dossier_queryset().get(pk=dossier.pk)
    if dossier.status != DossierStatus.DRAFT:
        if dossier.submitted_at:
            return dossier, False
        raise TransitionError(f"Le dossier est à l'état « {dossier.get_status_display()} ».")
    transition = transition_for("submit", dossier.status)
    call = dossier.call
    if call.opens_at and now < call.opens_at:
        raise SubmissionRefused(
            f"Les dépôts ouvrent le {timezone.localtime(call.opens_at):%d/%m/%Y à %H:%M} (heure de Paris)."
        )
    if call.deadline and now > call.deadline:
        raise SubmissionRefused(
            f"La date limite de dépôt était le {timezone.localtime(call.deadline):%d/%m/%Y à %H:%M:%S} "
            "(heure de Paris) : le dossier ne peut plus être déposé."
        )
    result = dossier_check(dossier, now=now)
    blockers = [finding for finding in result.findings if finding.code in SUBMISSION_BLOCKERS]
    from .sections import dossier_sections

    incomplete = [section for section in dossier_sections(dossier, result) if section.missing]
    if blockers or incomplete:
        names = ", ".join(f"« {section.title} »" for section in incomplete)
        detail = f" Sections incomplètes : {names}." if incomplete else ""
        raise SubmissionRefused(
            f"Le dossier est incomplet : complétez les points signalés avant de le déposer.{detail}", blockers
        )
    filed = result.as_json()
    with transaction.atomic():
        # A conditional update is atomic on every database: of two simultaneous filings, one wins.
        won = Dossier.objects.filter(pk=dossier.pk, status=DossierStatus.DRAFT).update(
            status=transition.target,
            submitted_at=now,
            updated_at=now,
            **findings_columns(filed["findings"], overrides=()),
        )
        if won:
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.TRANSITION,
                transition=transition.name,
                at=now,
                from_status=DossierStatus.DRAFT,
                to_status=transition.target,
                summary="Dossier déposé",
                data={"admissible": filed["admissible"], "codes": [f["code"] for f in filed["findings"]]},
            )
    dossier = dossier_queryset().get(pk=dossier.pk)
    if won:
        from .notifications import receipt_send

        transaction.on_commit(lambda: receipt_send(dossier))
    return dossier, bool(won)


def dossier_withdraw(*, dossier: Dossier, user, reason: str) -> Dossier:
    reason = reason.strip()
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
    from .models import FindingOverride

    # Read afresh: a prefetched list of overrides would miss the one just added.
    columns = findings_columns(findings, FindingOverride.objects.filter(dossier=dossier))
    Dossier.objects.filter(pk=dossier.pk).update(**columns)
    for name, value in columns.items():
        setattr(dossier, name, value)


def dossier_resubmit(*, dossier: Dossier, user, now: dt.datetime | None = None) -> Dossier:
    """Sends the completed dossier back to the ARS: findings re-computed, the round closed, instructor told."""
    now = now or timezone.now()
    dossier = dossier_queryset().get(pk=dossier.pk)
    transition_for("resubmit", dossier.status)
    if not dossier.in_complements:
        raise DossierError(
            f"Le délai des compléments a expiré le {dossier.complements_due:%d/%m/%Y} : le dossier ne peut "
            "plus être renvoyé. Écrivez à l'ARS depuis la messagerie du dossier."
        )
    result = dossier_check(dossier, now=now)
    blockers = [finding for finding in result.findings if finding.code in SUBMISSION_BLOCKERS]
    if blockers:
        raise SubmissionRefused(
            "Le dossier est incomplet : complétez les points signalés avant de le renvoyer.", blockers
        )
    from .models import ComplementRequest

    with transaction.atomic():
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
    from .notifications import resubmitted_send

    transaction.on_commit(lambda: resubmitted_send(dossier))
    return dossier


def message_post(*, dossier: Dossier, user, body: str, upload=None, from_agency: bool):
    """A message about the dossier, with an optional attachment checked like any upload; the other side
    is told by e-mail."""
    from .models import Message

    body = body.strip()
    if not body:
        raise DossierError("Écrivez votre message avant de l'envoyer.")
    checked = check_upload(upload) if upload else None
    with transaction.atomic():
        message = Message(dossier=dossier, author=user, from_agency=from_agency, body=body)
        if checked:
            message.attachment_name = upload.name[:200]
            message.attachment_type = checked.content_type
            message.attachment_size = len(checked.data)
            message.attachment.save(upload.name, ContentFile(checked.data), save=False)
        message.save()
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.MESSAGE,
            summary="Message de l'ARS" if from_agency else "Message de l'établissement",
            data={"message": message.pk},
        )
    from .notifications import message_send

    transaction.on_commit(lambda: message_send(message))
    return message
