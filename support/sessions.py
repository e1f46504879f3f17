"""The writes of a cohort's session plan: generated from the call definition, edited, sent to the trinômes."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from dossiers.errors import text_checked
from dossiers.notifications import dossier_recipients
from dossiers.services import DossierError
from mailing.services import Attachment, outbox_enqueue
from qvct.limits import REASON_TEXT

from .calendar import sessions_ics
from .models import Cohort, CohortMember, Session
from .plan import PlanInput, plan_sessions


def plan_input(cohort: Cohort, members: list[CohortMember]) -> PlanInput:
    spec = cohort.call.spec
    kinds = {session.kind: session for session in spec.program.sessions}
    collective, individual = kinds.get("collective"), kinds.get("individual")
    order = {code: index for index, code in enumerate(spec.departments)}
    hosts = sorted(
        (m for m in members if m.host),
        key=lambda m: (order.get(m.dossier.establishment.department_id, 99), m.pk),
    )
    return PlanInput(
        collective_count=collective.count if collective else 0,
        collective_days=collective.total_days if collective else None,
        individual_count=individual.count if individual else 0,
        start=spec.calendar.program_start,
        end=spec.calendar.program_end,
        hosts=tuple(m.pk for m in hosts),
        establishments=tuple(m.pk for m in members),
        collective_agenda=tuple(collective.agenda) if collective else (),
        individual_agenda=tuple(individual.agenda) if individual else (),
    )


def plan_generate(*, cohort: Cohort, user) -> int:
    """Writes the cohort's plan; refused once sessions exist (they are edited one by one)."""
    if cohort.sessions.exists():
        raise DossierError("Le plan des séances existe déjà : modifiez les séances une à une.")
    spec = cohort.call.spec
    if not (spec.calendar.program_start and spec.calendar.program_end):
        raise DossierError(
            "Indiquez d'abord les dates de début et de fin de l'accompagnement (calendrier de l'appel)."
        )
    members = list(cohort.members.select_related("dossier__establishment"))
    if not members:
        raise DossierError("Le groupe n'a aucun établissement.")
    zone = spec.zone
    planned = plan_sessions(plan_input(cohort, members))
    with transaction.atomic():
        Session.objects.bulk_create(
            Session(
                cohort=cohort,
                kind=item.kind,
                number=item.number,
                starts_at=dt.datetime.combine(item.day, item.start, tzinfo=zone),
                ends_at=dt.datetime.combine(item.day, item.end, tzinfo=zone),
                host_id=item.host,
                member_id=item.establishment,
                agenda="\n".join(item.agenda),
            )
            for item in planned
        )
    return len(planned)


def session_update(
    *, session: Session, day: dt.date, start: dt.time, end: dt.time, host_id, agenda: str
) -> None:
    if end <= start:
        raise DossierError("L'heure de fin doit suivre l'heure de début.")
    agenda = text_checked(agenda.strip(), limit=REASON_TEXT, label="Programme")
    zone = session.cohort.call.spec.zone
    if host_id is not None and not session.cohort.members.filter(pk=host_id).exists():
        raise DossierError("Choisissez le lieu parmi les établissements du groupe.")
    Session.objects.filter(pk=session.pk).update(
        starts_at=dt.datetime.combine(day, start, tzinfo=zone),
        ends_at=dt.datetime.combine(day, end, tzinfo=zone),
        host_id=host_id if session.kind == Session.Kind.COLLECTIVE else None,
        agenda=agenda,
    )


def member_sessions(member: CohortMember):
    """The collective sessions of the member's cohort and its own individual ones."""
    return (
        Session.objects.filter(cohort=member.cohort_id)
        .filter(Q(kind=Session.Kind.COLLECTIVE) | Q(member=member))
        .select_related("host__dossier__establishment", "member__dossier__establishment")
    )


def cohort_sessions(cohort: Cohort):
    return Session.objects.filter(cohort=cohort).select_related(
        "host__dossier__establishment", "member__dossier__establishment"
    )


def sessions_invite(*, cohort: Cohort, user) -> int:
    """E-mails each establishment's trinôme its calendar (.ics attached); returns how many e-mails."""
    members = list(
        cohort.members.select_related("dossier__establishment").prefetch_related("dossier__trinome")
    )
    if not cohort.sessions.exists():
        raise DossierError("Générez d'abord le plan des séances.")
    zone, now, sent = cohort.call.spec.zone, timezone.now(), 0
    with transaction.atomic():
        for member in members:
            sessions = list(member_sessions(member))
            ics = sessions_ics(sessions, name=cohort.name, zone=zone, stamp=now)
            message = outbox_enqueue(
                subject=f"Calendrier de l'accompagnement — {cohort.name}",
                body=render_to_string(
                    "support/emails/invitation.txt",
                    {"cohort": cohort, "member": member, "sessions": sessions, "site_url": settings.SITE_URL},
                ),
                # The trinôme, and the dossier's porteurs who filed the candidacy (a trinôme may give no address).
                to=[t.email for t in member.dossier.trinome.all()] + dossier_recipients(member.dossier),
                attachments=[Attachment("accompagnement.ics", "text/calendar", content=ics)],
            )
            sent += message is not None
        cohort.sessions.update(invited_at=now)
    return sent
