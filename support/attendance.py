"""Attendance at the sessions, per trinôme member, and the rates the bilans report."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dossiers.models import TrinomeMember
from dossiers.services import DossierError

from .models import Attendance, CohortMember, Session


def expected_people(session: Session) -> list[TrinomeMember]:
    """The trinômes the session is for: every establishment of the cohort, or the one of an individual session."""
    people = TrinomeMember.objects.select_related("dossier__establishment").order_by(
        "dossier__establishment__name", "role"
    )
    if session.kind == Session.Kind.INDIVIDUAL:
        return list(people.filter(dossier__cohort_membership=session.member_id))
    return list(people.filter(dossier__cohort_membership__cohort=session.cohort_id))


def attendance_record(*, session: Session, present_ids: set[int], user) -> int:
    """Records who attended (the others absent); returns how many were present."""
    people = {person.pk for person in expected_people(session)}
    if not present_ids <= people:
        raise DossierError("Cochez les présents parmi les membres des trinômes de la séance.")
    now = timezone.now()
    with transaction.atomic():
        for pk in people:
            Attendance.objects.update_or_create(
                session=session,
                person_id=pk,
                defaults={"present": pk in present_ids, "recorded_by": user, "recorded_at": now},
            )
    return len(present_ids)


@dataclass
class Rate:
    present: int
    recorded: int

    @property
    def percent(self) -> float | None:
        return None if not self.recorded else self.present * 100 / self.recorded


def attendance_rates(members: list[CohortMember]) -> dict[int, Rate]:
    """Per cohort member: the share of the recorded attendances that were present (one query)."""
    rates = {member.pk: Rate(0, 0) for member in members}
    by_dossier = {member.dossier_id: member.pk for member in members}
    rows = Attendance.objects.filter(person__dossier__in=by_dossier).values_list(
        "person__dossier_id", "present"
    )
    for dossier_id, present in rows:
        rate = rates[by_dossier[dossier_id]]
        rate.recorded += 1
        rate.present += present
    return rates
