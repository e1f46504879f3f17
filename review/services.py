"""The instruction's writes: assignment, complements, lifted findings, annotations, the admissibility decision.

Each goes through the dossier workflow's transition table when it changes the state, with a conditional
update (two instructors clicking at once: one wins, the other is told) and an append-only event.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from dossiers.enums import DossierStatus, EventKind
from dossiers.errors import text_checked
from dossiers.models import ComplementRequest, Dossier, FindingOverride
from dossiers.notifications import complements_send, decision_send, reminder_send
from dossiers.services import DossierError, event_record, findings_store, transition_apply
from qvct.dates import date_problem
from qvct.formats import date as french_date
from qvct.limits import ANNOTATION_TEXT, REASON_TEXT

from .models import Annotation


@dataclass(frozen=True)
class Part:
    """Something the porteur is asked to complete: a section, one action or one kind of attachment."""

    key: str
    label: str


def instructors_of(region_ids) -> list[User]:
    return list(
        User.objects.filter(role=Role.INSTRUCTOR, regions__in=region_ids, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def dossiers_assign(*, dossiers: list[Dossier], assignee: User | None, user) -> int:
    """Gives the dossiers to one instructor (or to nobody); returns how many changed hands."""
    changed = 0
    regions = set(assignee.regions.values_list("pk", flat=True)) if assignee else set()
    with transaction.atomic():
        for dossier in dossiers:
            if assignee is not None and dossier.call.region_id not in regions:
                raise DossierError(
                    f"{assignee.get_full_name() or assignee.email} n'instruit pas les dossiers de la région "
                    f"{dossier.call.region}."
                )
            if dossier.assigned_to_id == (assignee.pk if assignee else None):
                continue
            Dossier.objects.filter(pk=dossier.pk).update(assigned_to=assignee)
            dossier.assigned_to = assignee
            name = (assignee.get_full_name() or assignee.email) if assignee else "personne"
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.ASSIGNED,
                summary=f"Dossier attribué à {name}",
                data={"assignee": assignee.pk if assignee else None},
            )
            changed += 1
    return changed


def review_start(*, dossier: Dossier, user) -> None:
    """The instructor takes the dossier: in review, and assigned to them if nobody had it."""
    with transaction.atomic():
        columns = {} if dossier.assigned_to_id else {"assigned_to": user}
        transition_apply(dossier, user, "start_review", "Instruction commencée", **columns)


def _ensure_in_review(dossier: Dossier, user) -> None:
    if dossier.status == DossierStatus.SUBMITTED:
        review_start(dossier=dossier, user=user)


def complements_latest_due(today: dt.date) -> dt.date:
    """The latest due date an instructor may give for complements (setting QVCT_COMPLEMENTS_DUE_MAX_DAYS)."""
    return today + dt.timedelta(days=settings.QVCT_COMPLEMENTS_DUE_MAX_DAYS)


def complements_request(
    *, dossier: Dossier, user, parts: list[Part], message: str, due_date: dt.date
) -> ComplementRequest:
    """Asks the porteur for complements on the listed parts, until `due_date` included (Paris time)."""
    if not parts:
        raise DossierError("Cochez au moins un élément à compléter.")
    if not message.strip():
        raise DossierError("Précisez ce qui manque ou doit être corrigé : le porteur recevra ce texte.")
    text_checked(message, limit=REASON_TEXT, label="Ce qui manque ou doit être corrigé")
    today = timezone.localdate()
    if due_date <= today:
        raise DossierError(
            f"La date limite des compléments doit être postérieure à aujourd'hui ({french_date(today)})."
        )
    problem = date_problem(due_date, latest=complements_latest_due(today), today=today)
    if problem:
        raise DossierError(f"Date limite des compléments : {problem[0].lower()}{problem[1:]}")
    with transaction.atomic():
        _ensure_in_review(dossier, user)
        number = (dossier.complement_requests.aggregate(top=Max("round"))["top"] or 0) + 1
        items = [{"part": part.key, "label": part.label} for part in parts]
        transition_apply(
            dossier,
            user,
            "request_complements",
            f"Compléments demandés (demande n° {number}, avant le {french_date(due_date)})",
            reason=message,
            data={"round": number, "items": items, "due_date": due_date.isoformat()},
            complements_due=due_date,
            complements_parts=[part.key for part in parts],
        )
        request = ComplementRequest.objects.create(
            dossier=dossier, round=number, requested_by=user, due_date=due_date, message=message, items=items
        )
        complements_send(request)
    return request


def finding_override(*, dossier: Dossier, user, code: str, action: int | None, justification: str) -> None:
    """Lifts one stored finding; the justification is mandatory and stays in the history."""
    justification = text_checked(justification.strip(), limit=REASON_TEXT, label="Justification")
    if len(justification) < 10:
        raise DossierError("Justifiez la levée du constat en quelques mots (10 caractères au moins).")
    stored = {(f["code"], f.get("action") or 0): f for f in dossier.findings}
    finding = stored.get((code, action or 0))
    if finding is None:
        raise DossierError(f"Le constat {code} ne figure pas parmi les constats du dossier.")
    with transaction.atomic():
        _, created = FindingOverride.objects.get_or_create(
            dossier=dossier,
            code=code,
            action=action or 0,
            defaults={"justification": justification, "by": user},
        )
        if not created:
            raise DossierError(f"Le constat {code} est déjà levé.")
        findings_store(dossier, dossier.findings)
        target = f" (action {action})" if action else ""
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.FINDING_OVERRIDDEN,
            summary=f"Constat {code}{target} levé par l'instruction",
            reason=justification,
            data={"code": code, "action": action, "message": finding["message"]},
        )


def blocking_reasons(dossier: Dossier) -> str:
    """The decision's reasons as the findings give them: each blocking finding no instructor lifted."""
    lifted = {(override.code, override.action) for override in dossier.overrides.all()}
    lines = [
        f"- {f['message']}" + (f" ({f['source']})" if f.get("source") else "")
        for f in dossier.findings
        if f["severity"] == "blocking" and (f["code"], f.get("action") or 0) not in lifted
    ]
    return "\n".join(lines)


def dossier_decide(*, dossier: Dossier, user, admissible: bool, reason: str) -> None:
    """Recevable or irrecevable, with the reasons the establishment will read; e-mail on commit."""
    reason = text_checked(reason.strip(), limit=REASON_TEXT, label="Motifs")
    if not admissible and not reason:
        raise DossierError("Indiquez les motifs de l'irrecevabilité : ils sont communiqués au porteur.")
    reason = reason or "Le dossier est complet et répond aux conditions de recevabilité de l'appel."
    now = timezone.now()
    with transaction.atomic():
        _ensure_in_review(dossier, user)
        transition_apply(
            dossier,
            user,
            "declare_admissible" if admissible else "declare_inadmissible",
            "Dossier déclaré recevable" if admissible else "Dossier déclaré irrecevable",
            reason=reason,
            decided_at=now,
            decision_reason=reason,
            complements_parts=[],
        )
        decision_send(dossier)


def annotation_add(*, dossier: Dossier, user, text: str) -> Annotation:
    text = text_checked(text.strip(), limit=ANNOTATION_TEXT, label="Annotation")
    if not text:
        raise DossierError("L'annotation est vide.")
    return Annotation.objects.create(dossier=dossier, author=user, text=text)


def reminders_send(today: dt.date | None = None) -> int:
    """E-mails the porteurs whose complements are due within `QVCT_COMPLEMENTS_REMINDER_DAYS` days (2 unless set;
    or less, if a run was missed).

    Idempotent: each round is reminded once. Returns the number of reminders sent.
    """
    today = today or timezone.localdate()
    pending = ComplementRequest.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        dossier__status=DossierStatus.COMPLEMENTS_REQUESTED,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=settings.QVCT_COMPLEMENTS_REMINDER_DAYS),
    ).select_related("dossier__call", "dossier__establishment", "dossier__created_by")
    sent = 0
    for request in pending:
        with transaction.atomic():
            if not ComplementRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                continue
            event_record(
                dossier=request.dossier,
                actor=None,
                kind=EventKind.REMINDER,
                summary=f"Relance envoyée : compléments attendus avant le {french_date(request.due_date)}",
                data={"round": request.round},
            )
            reminder_send(request)
        sent += 1
    return sent
